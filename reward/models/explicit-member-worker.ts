/** Worker-thread entry that trains one explicit reward member (see explicit-member.ts). */
import type { MessagePort } from 'node:worker_threads';
import { trainMember, type MemberJob, type MemberResult } from './explicit-member.ts';

export default async function ({ job, port }: { job: MemberJob; port: MessagePort }): Promise<MemberResult> {
  try {
    return await trainMember(job, (p) => port.postMessage(p));
  } finally {
    port.close();
  }
}
