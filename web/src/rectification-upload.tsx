import type { Api } from './api.ts';
import { useI18n } from './i18n.ts';
import { DropZone, SentFiles, useSentFiles } from './uploads.tsx';

/**
 * The filled workbook's drop zone: sent the way every workbook goes in (`POST /rounds/{round}/uploads`,
 * then its outcome polled), its outcome shown under it — the issues by cell when it is refused.
 */
export function AnswerUpload({ api, round, onSettled }: { api: Api; round: string; onSettled: () => void }) {
  const { t } = useI18n();
  const { files, add } = useSentFiles(api, round, onSettled, true);
  return (
    <div class="rect-upload">
      <DropZone
        inputId="rect-file"
        drop={t('portal.upload-drop')}
        hint={t('portal.notice-hint')}
        onFiles={add}
      />
      <SentFiles files={files} scored={false} />
    </div>
  );
}
