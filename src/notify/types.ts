// The channel contract lives in core (shared with the wake ladder); channels import it from here.
export * from '../core/channel.js';
