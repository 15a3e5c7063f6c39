// Importing a factory from here loads the Twilio SDK and nodemailer: the CLI imports this
// module lazily (await import) where Smart Wake starts, never at start-up.
export * from './types.js';
export {
  createTwilioClient,
  priceOfCall,
  twilioSignatureValid,
  twilioSms,
  twilioVoice,
  TWILIO_GATHER_PATH,
  TWILIO_SMS_STATUS_PATH,
  TWILIO_STATUS_PATH,
} from './twilio/client.js';
export type { TwilioClient, TwilioClientOptions, TwilioSmsOptions, TwilioVoiceOptions } from './twilio/client.js';
export { emailChannel, type EmailChannelOptions } from './email/smtp.js';
export { slackChannel, type SlackChannelOptions } from './slack/wake.js';
export { discordChannel, type DiscordChannelOptions } from './discord/wake.js';
export { ntfyChannel, type NtfyChannelOptions } from './ntfy/wake.js';
export { discordDigestSender, emailDigestSender, ntfyDigestSender, slackDigestSender } from './digest.js';
export type { DigestChannelName, DigestMessage, DigestSender } from './digest.js';
