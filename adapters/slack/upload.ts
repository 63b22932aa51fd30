// Pictures (trend charts) go to Slack as files: files.uploadV2 makes the
// three calls (getUploadURLExternal, the bytes to the upload URL,
// completeUploadExternal) and shares the file in the channel. A file cannot
// be ephemeral, so the sender gives a picture meant for one person in a
// shared channel that person's DM instead.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.js';
import type { OutboundImage } from '../../src/core/types.js';
import { platformError } from './errors.js';

/**
 * The picture after its text. The text already went out and stands alone
 * (it carries the sparkline or says what the chart shows), so a failed
 * upload is logged, not retried with the text (which would post it twice).
 */
export async function uploadImage(
  client: webApi.WebClient,
  log: Logger,
  image: OutboundImage,
  where: { channel: string; thread?: string | undefined },
): Promise<void> {
  try {
    await client.files.uploadV2({
      channel_id: where.channel,
      ...(where.thread ? { thread_ts: where.thread } : {}),
      file: Buffer.from(image.pngBase64, 'base64'),
      filename: image.filename,
      title: image.alt,
      alt_text: image.alt,
    } as never);
  } catch (err) {
    log.warn({ method: 'files.uploadV2', code: platformError(err), channel: where.channel }, 'slack chart upload failed; the text was sent without it');
  }
}
