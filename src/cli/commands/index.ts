import { ack } from './ack/define.js';
import { architect } from './architect/define.js';
import { architectPrices } from './architect-prices/define.js';
import { audit } from './audit/define.js';
import type { CommandDefinition } from './definition.js';
import { digest } from './digest/define.js';
import { digestShow } from './digest-show/define.js';
import { digestTimer } from './digest-timer/define.js';
import { incident } from './incident/define.js';
import { incidentDelete } from './incident-delete/define.js';
import { incidentEdit } from './incident-edit/define.js';
import { incidentList } from './incident-list/define.js';
import { incidentOpen } from './incident-open/define.js';
import { incidentPostmortem } from './incident-postmortem/define.js';
import { incidentReport } from './incident-report/define.js';
import { incidentShow } from './incident-show/define.js';
import { incidentUpdate } from './incident-update/define.js';
import { incidentUsage } from './incident-usage/define.js';
import { incidentUsageImport } from './incident-usage-import/define.js';
import { init } from './init/define.js';
import { snap } from './snap/define.js';
import { status } from './status/define.js';
import { statusBuild } from './status-build/define.js';
import { store } from './store/define.js';
import { storeBackup } from './store-backup/define.js';
import { storePrune } from './store-prune/define.js';
import { storeRestore } from './store-restore/define.js';
import { storeStats } from './store-stats/define.js';
import { triage } from './triage/define.js';
import { triageEval } from './triage-eval/define.js';
import { triageFeedback } from './triage-feedback/define.js';
import { triageFeedbackForget } from './triage-feedback-forget/define.js';
import { triageFeedbackList } from './triage-feedback-list/define.js';
import { triageTeach } from './triage-teach/define.js';
import { triageTrain } from './triage-train/define.js';
import { user } from './user/define.js';
import { userAdd } from './user-add/define.js';
import { userDisable } from './user-disable/define.js';
import { userEnable } from './user-enable/define.js';
import { userKey } from './user-key/define.js';
import { userKeyCreate } from './user-key-create/define.js';
import { userKeyList } from './user-key-list/define.js';
import { userKeyRevoke } from './user-key-revoke/define.js';
import { userList } from './user-list/define.js';
import { userResetPassword } from './user-reset-password/define.js';
import { userSetRole } from './user-set-role/define.js';
import { watch } from './watch/define.js';
import { watchSilence } from './watch-silence/define.js';
import { watchStatus } from './watch-status/define.js';
import { watchSystemd } from './watch-systemd/define.js';
import { watchTestWake } from './watch-test-wake/define.js';

/**
 * Every command, in the order `--help` lists them; a subcommand follows its parent. Adding a
 * command: a folder with define.ts and run.ts, and one line here.
 */
export const COMMANDS: readonly CommandDefinition[] = [
  init,
  snap,
  triage,
  triageFeedback,
  triageFeedbackList,
  triageFeedbackForget,
  triageTrain,
  triageTeach,
  triageEval,
  watch,
  watchStatus,
  watchSilence,
  watchTestWake,
  watchSystemd,
  digest,
  digestShow,
  digestTimer,
  ack,
  incident,
  incidentOpen,
  incidentUpdate,
  incidentList,
  incidentShow,
  incidentEdit,
  incidentDelete,
  incidentReport,
  incidentPostmortem,
  incidentUsage,
  incidentUsageImport,
  status,
  statusBuild,
  user,
  userAdd,
  userList,
  userSetRole,
  userDisable,
  userEnable,
  userResetPassword,
  userKey,
  userKeyCreate,
  userKeyList,
  userKeyRevoke,
  store,
  storeStats,
  storePrune,
  storeBackup,
  storeRestore,
  audit,
  architect,
  architectPrices,
];
