import type { Plugin } from 'vite';
import { PHASE_NAMES, PORTAL_CATALOGUE, SELF_SHEET_WORDS } from '../shared/domain/portal-messages.ts';

/**
 * The portal's words, one language per module: `virtual:cepin-catalogue/zh` and `/en` (code → text,
 * from shared/domain/messages.ts and portal-messages.ts, the CLI's and API's own catalogue), so the
 * page first loads only its language — Chinese by default — and English when asked for. `/words`
 * holds the few words wanted in both languages at once (phase names, the sheet's own answers, the
 * offline error).
 */
const PREFIX = 'virtual:cepin-catalogue/';

export function catalogueModule(part: string): string | undefined {
  if (part === 'zh' || part === 'en') {
    const words = Object.fromEntries(Object.entries(PORTAL_CATALOGUE).map(([code, e]) => [code, e[part]]));
    return `export default ${JSON.stringify(words)};`;
  }
  if (part === 'words')
    return [
      `export const PHASE_NAMES = ${JSON.stringify(PHASE_NAMES)};`,
      `export const SELF_SHEET_WORDS = ${JSON.stringify(SELF_SHEET_WORDS)};`,
      `export const OFFLINE = ${JSON.stringify(PORTAL_CATALOGUE['portal.offline'])};`,
    ].join('\n');
  return undefined;
}

export function cataloguePlugin(): Plugin {
  return {
    name: 'cepin-catalogue',
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : undefined),
    load: (id) => (id.startsWith(`\0${PREFIX}`) ? catalogueModule(id.slice(PREFIX.length + 1)) : undefined),
  };
}
