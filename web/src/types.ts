/**
 * The shapes the portal reads from the API: the contract's (shared/api), as types only — the
 * portal bundles no schema code. Nothing here is declared again.
 */
import type { ResponseOf } from '../../shared/api/contract.ts';
import type { Role } from '../../shared/api/terms.ts';

export type { PhaseState, Phase, PhaseAction } from '../../shared/api/phases.ts';
export type { ErrorBody, IssueJson } from '../../shared/api/responses.ts';

export type RoundList = ResponseOf<'GET /rounds'>;
export type RoundInfo = RoundList['rounds'][number];
export type RoundDetail = ResponseOf<'GET /rounds/{round}'>;
export type RoundStatus = ResponseOf<'GET /rounds/{round}/status'>;
export type SlotStatus = RoundStatus['submissions'][number];
export type RejectionRow = NonNullable<RoundStatus['rejections']>[number];
export type UploadSlot = ResponseOf<'POST /rounds/{round}/uploads'>;
export type MyUploadList = ResponseOf<'GET /rounds/{round}/uploads'>;
export type UploadSummary = MyUploadList['uploads'][number];
export type UploadOutcome = ResponseOf<'GET /uploads/{uploadId}'>;
export type Link = ResponseOf<'GET /rounds/{round}/template'>;
export type Results = ResponseOf<'GET /rounds/{round}/results'>;
export type UnitResult = Results['units'][number];
export type PhaseResult = NonNullable<UnitResult['formal']>;
export type AuditTrail = ResponseOf<'GET /rounds/{round}/audit'>;
export type CreatedRound = ResponseOf<'POST /rounds'>;
export type RubricList = ResponseOf<'GET /rubrics'>;
export type RubricInfo = RubricList['rubrics'][number];
export type CalibrationAnswer = ResponseOf<'GET /rounds/{round}/calibration'>;
export type CalibrationReport = CalibrationAnswer['report'];
export type CalibrationComparison = NonNullable<CalibrationAnswer['comparison']>;
export type CalibrationReleased = ResponseOf<'POST /rounds/{round}/calibration/release'>;

/** One person the local dev login can sign in as (`GET /local/identities`, local only). */
export interface Identity {
  as: string;
  role: Role;
  ref: string;
  name: string;
}
