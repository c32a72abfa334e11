/** The portal's words by language, made at build time by web/catalogue-plugin.ts. */
declare module 'virtual:cepin-catalogue/zh' {
  const words: Record<string, string>;
  export default words;
}
declare module 'virtual:cepin-catalogue/en' {
  const words: Record<string, string>;
  export default words;
}
declare module 'virtual:cepin-catalogue/words' {
  import type { Phase } from '../../shared/api/phases.ts';
  type Text = { zh: string; en: string };
  export const PHASE_NAMES: Record<Phase, Text>;
  export const SELF_SHEET_WORDS: {
    met: Text;
    notMet: Text;
    na: Text;
    problem: Text;
    suggestion: Text;
    evidence: Text;
  };
  export const OFFLINE: Text;
}
