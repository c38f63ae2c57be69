// Hearing-support grants: which steps a reviewer may take from a status (the server's rule,
// mirrored so the case page offers only those), and which of them need a reason.
import type { GrantStatus } from '../api/client';

const kNext: Record<GrantStatus, GrantStatus[]> = {
  submitted: ['screening'],
  screening: ['approved', 'declined'],
  approved: ['surgery', 'closed'],
  surgery: ['rehabilitation', 'closed'],
  rehabilitation: ['closed'],
  declined: [],
  closed: [],
};

/** The steps a reviewer may take from `status`, in the order they are offered. */
export function nextSteps(status: GrantStatus): GrantStatus[] {
  return kNext[status];
}

/** A decline, and closing an approved case before surgery, must say why (the applicant reads it). */
export function needsReason(from: GrantStatus, to: GrantStatus): boolean {
  return to === 'declined' || (to === 'closed' && from === 'approved');
}

/** The statuses in the order of the process, for the progress line on the applicant's page. */
export const kGrantPath: readonly GrantStatus[] = ['submitted', 'screening', 'approved', 'surgery', 'rehabilitation', 'closed'];
