import { hasFeature, type ServiceSpec, type ServiceType } from '../spec.js';

/** Billing hours in a month, as AWS prices them. */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

// Every figure below is an assumption a person can argue with, so each one is named here.

/** HTTP requests one monthly user makes: a static visit pulls pages + assets; a game polls state. */
export const REQUESTS_PER_USER_MONTH: Record<ServiceType, number> = {
  static: 40,
  web: 200,
  api: 600,
  game: 1_500,
  ai: 100,
};
/** Average response size in KB: static pages carry images, APIs carry small JSON. */
export const KB_PER_REQUEST: Record<ServiceType, number> = { static: 150, web: 60, api: 5, game: 2, ai: 20 };
/** Busiest hour over the average hour: traffic crowds into evenings in the users' time zone. */
export const PEAK_TO_AVERAGE = 3;
/** Requests per second one user online at peak makes (a click every ~10 s on a web app). */
export const RPS_PER_ACTIVE_USER: Record<ServiceType, number> = {
  static: 0.05,
  web: 0.1,
  api: 0.2,
  game: 0.5,
  ai: 0.05,
};
/** Average time a request is in flight; with Little's law it gives concurrent requests. */
export const REQUEST_SECONDS = 0.2;
/** Realtime traffic per connected player/client per hour, in MB (position updates, chat). */
export const REALTIME_MB_PER_CONNECTION_HOUR = 10;
/** Hours a realtime client stays connected per monthly user. */
export const REALTIME_HOURS_PER_USER_MONTH = 10;
/** Files one user uploads per month, and their average size in MB. */
export const UPLOADS_PER_USER_MONTH = 5;
export const MB_PER_UPLOAD = 0.5;
/** Site assets and build artefacts kept in S3 whatever the traffic, in GB. */
export const BASE_STORAGE_GB = 1;
/** Database rows written per user per month, in KB (profile, sessions, records). */
export const DB_KB_PER_USER_MONTH = 50;
/** GPU seconds one inference request takes on a g5.xlarge (A10G), unbatched. */
export const GPU_SECONDS_PER_REQUEST = 1;
/** Share of a GPU's billed hours spent busy: scale-to-zero still keeps a warm instance between bursts. */
export const GPU_UTILISATION = 0.5;

/** What the traffic agent derives from a spec; every rate is per second, every volume per month. */
export interface Traffic {
  requestsMonth: number;
  avgRps: number;
  /** The normal busiest hour. */
  peakRps: number;
  /** `peakRps × spike`: what the design must survive. */
  spikeRps: number;
  /** HTTP bytes served, in GB. */
  bandwidthGbMonth: number;
  /** Realtime (websocket/UDP) bytes sent to clients, in GB; 0 without the realtime feature. */
  realtimeGbMonth: number;
  /** Object storage in the first month, in GB. */
  storageGbMonth1: number;
  /** Database growth per month, in GB; 0 without the db feature. */
  dbGrowthGbMonth: number;
  /** Open connections at peak: sockets with realtime, else requests in flight. */
  concurrentConnections: number;
  /** GPU instance hours billed per month; 0 without the gpu feature. */
  gpuHoursMonth: number;
}

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

/** Derives load and volumes from a spec. Pure: the same spec always gives the same figures. */
export function traffic(spec: ServiceSpec): Traffic {
  const requestsMonth = spec.usersMonth * REQUESTS_PER_USER_MONTH[spec.type];
  const avgRps = requestsMonth / SECONDS_PER_MONTH;
  // Whichever is larger wins: the monthly average squeezed into evenings, or the stated crowd.
  const peakRps = Math.max(avgRps * PEAK_TO_AVERAGE, spec.peakConcurrent * RPS_PER_ACTIVE_USER[spec.type]);
  const realtime = hasFeature(spec, 'realtime');
  const uploadsGb = hasFeature(spec, 'uploads')
    ? (spec.usersMonth * UPLOADS_PER_USER_MONTH * MB_PER_UPLOAD) / 1_000
    : 0;
  const inferenceSeconds = hasFeature(spec, 'gpu') ? requestsMonth * GPU_SECONDS_PER_REQUEST : 0;
  return {
    requestsMonth,
    avgRps: round(avgRps),
    peakRps: round(peakRps),
    spikeRps: round(peakRps * spec.spike),
    bandwidthGbMonth: round((requestsMonth * KB_PER_REQUEST[spec.type]) / 1_000_000),
    realtimeGbMonth: realtime
      ? round((spec.usersMonth * REALTIME_HOURS_PER_USER_MONTH * REALTIME_MB_PER_CONNECTION_HOUR) / 1_000)
      : 0,
    storageGbMonth1: round(BASE_STORAGE_GB + uploadsGb),
    dbGrowthGbMonth: hasFeature(spec, 'db') ? round((spec.usersMonth * DB_KB_PER_USER_MONTH) / 1_000_000) : 0,
    concurrentConnections: realtime ? spec.peakConcurrent : Math.ceil(peakRps * REQUEST_SECONDS),
    gpuHoursMonth: round(inferenceSeconds / 3600 / GPU_UTILISATION, 2),
  };
}
