// Pictures (trend charts) on Discord: one message with the PNG as a
// multipart attachment (payload_json + files[0]) shown in an embed through
// attachment://<filename>. Ephemeral words in a shared channel mean the
// picture goes to the person's DM, like the text.
import type { OutboundImage } from '../../src/core/types.js';

export interface ImagePost {
  body: unknown;
  files: { name: string; data: Buffer; contentType: string }[];
}

export function renderImage(image: OutboundImage): ImagePost {
  const name = image.filename.replace(/[^\w.-]/g, '_');
  return {
    body: {
      content: '',
      embeds: [{ title: image.alt.slice(0, 256), image: { url: `attachment://${name}` } }],
      attachments: [{ id: 0, filename: name, description: image.alt.slice(0, 1024) }],
      allowed_mentions: { parse: [] },
    },
    files: [{ name, data: Buffer.from(image.pngBase64, 'base64'), contentType: 'image/png' }],
  };
}
