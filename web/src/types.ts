import type { IssueJson, Phase } from './i18n.ts';

/** The shapes the portal reads from the API (see shared/use-cases/api). */
export type { PhaseState } from '../../shared/api/phases.ts';
import type { PhaseState } from '../../shared/api/phases.ts';

export interface RoundInfo {
  round: string;
  rules: string;
  ruleVersion: number;
  phases: Record<Phase, PhaseState>;
  createdAt: string;
}

export interface RoundList {
  district: string;
  districtName: string;
  rounds: RoundInfo[];
  ruleSets?: { id: string; title?: { zh: string; en: string }; version?: number }[];
}

export interface SlotStatus {
  phase: Phase;
  unit: string;
  assessor: string;
  state: 'accepted' | 'rejected' | 'missing';
  total: number | null;
  uploadId: string | null;
  receivedAt: string | null;
  rejections: number;
}

export interface RejectionRow {
  phase?: string;
  unit?: string;
  assessor?: string;
  receivedAt: string;
  uploadId: string;
  issueCount: number;
  open: boolean;
}

export interface RoundStatus {
  round: string;
  phases: Record<Phase, PhaseState>;
  submissions: SlotStatus[];
  names: { units: Record<string, string>; assessors: Record<string, string> };
  rejections?: RejectionRow[];
}

export interface UploadSummary {
  uploadId: string;
  round: string;
  fileName: string;
  state: 'pending' | 'accepted' | 'rejected' | 'duplicate';
  createdAt: string;
  settledAt: string | null;
  phase: Phase | null;
  unit: string | null;
  assessor: string | null;
  total: number | null;
  grade: string | null;
  gradeLabel: string | null;
  categories: { code: string; title: string; score: number; max: number; na: boolean }[];
  duplicateOf: string | null;
  issueCount: number;
}

export interface UploadOutcome extends UploadSummary {
  issues?: IssueJson[];
  annotatedUrl?: string | null;
}

export interface Link {
  url: string;
  fileName: string;
}

export interface PhaseResult {
  total: number;
  complete: boolean;
  gradeLabel: string | null;
  gradeReasons: string[];
}

export interface UnitResult {
  code: string;
  name: string;
  self?: PhaseResult;
  precheck?: PhaseResult;
  formal?: PhaseResult;
  rank?: number;
  plaque: boolean;
}

export interface Results {
  round: string;
  units: UnitResult[];
  agreement: { name: string; value: number | null; units: number; assessors: number; note: string };
}

export interface Identity {
  as: string;
  role: 'admin' | 'assessor' | 'unit';
  ref: string;
  name: string;
}

/** GET /rounds/{round}/audit: the round's audit trail, newest first. */
export interface AuditTrail {
  round: string;
  unit: string | null;
  entries: {
    id: string;
    at: string;
    caller: { sub: string; role: string; ref: string } | null;
    action: string;
    outcome: string;
    unit?: string;
    phase?: string;
    assessor?: string;
    uploadId?: string;
    detail?: string;
  }[];
  next: string | null;
}
