import type { webApi } from '@slack/bolt';
import { callSlack, SlackDeliveryError } from './delivery-error.ts';
import type { OutgoingFile, SharedFile } from './outbox.ts';

export interface FileUploadOptions {
  fetchFn: typeof fetch;
  sleep: (ms: number) => Promise<unknown>;
  /** Waits between `files.info` checks that the share landed; about 3.75 s in all by default. */
  shareWaitsMs?: readonly number[];
}

const DEFAULT_SHARE_WAITS_MS = [250, 500, 1000, 2000];

async function uploadOne(client: webApi.WebClient, file: OutgoingFile, options: FileUploadOptions): Promise<string> {
  const ticket = await callSlack('files.getUploadURLExternal', () =>
    client.files.getUploadURLExternal({
      filename: file.filename,
      length: file.bytes.byteLength,
      ...(file.altText ? { alt_txt: file.altText } : {}),
    }),
  );
  if (!ticket.upload_url || !ticket.file_id)
    throw new SlackDeliveryError('files.getUploadURLExternal gave no upload URL', { slackError: 'no_upload_url' });
  const response = await options.fetchFn(ticket.upload_url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: file.bytes,
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  if (!response.ok)
    throw new SlackDeliveryError(`the upload of ${file.filename} answered HTTP ${response.status}`, {
      slackError: `upload_http_${response.status}`,
    });
  return ticket.file_id;
}

/** True once `files.info` shows the file shared somewhere (Slack completes shares asynchronously). */
async function isShared(client: webApi.WebClient, id: string): Promise<boolean> {
  const info = await callSlack('files.info', () => client.files.info({ file: id }));
  const shares = info.file?.shares as { public?: object; private?: object } | undefined;
  return Object.keys(shares?.public ?? {}).length + Object.keys(shares?.private ?? {}).length > 0;
}

/**
 * Slack's external upload: a URL per file, the bytes posted to it, then one
 * `files.completeUploadExternal` that shares them all in the channel with the comment.
 * Sharing completes asynchronously and an image block naming a file not yet shared is refused,
 * so this waits (bounded) until `files.info` shows every file shared; a file still unshared
 * after the waits is returned anyway and the caller's post falls back without the image.
 */
export async function shareFilesWithWebApi(
  client: webApi.WebClient,
  input: { channelId: string; comment: string; files: OutgoingFile[] },
  options: FileUploadOptions,
): Promise<SharedFile[]> {
  if (input.files.length === 0) return [];
  const ids: string[] = [];
  for (const file of input.files) ids.push(await uploadOne(client, file, options));
  const completed = await callSlack('files.completeUploadExternal', () =>
    client.files.completeUploadExternal({
      files: ids.map((id, i) => ({ id, title: input.files[i].title })) as [{ id: string; title: string }],
      channel_id: input.channelId,
      initial_comment: input.comment,
    }),
  );
  const permalinks = new Map((completed.files ?? []).map((file) => [file.id, file.permalink]));
  let pending = [...ids];
  for (const wait of options.shareWaitsMs ?? DEFAULT_SHARE_WAITS_MS) {
    const shared = await Promise.all(pending.map((id) => isShared(client, id).catch(() => false)));
    pending = pending.filter((_, i) => !shared[i]);
    if (pending.length === 0) break;
    await options.sleep(wait);
  }
  return ids.map((id, i) => {
    const permalink = permalinks.get(id);
    return { id, filename: input.files[i].filename, title: input.files[i].title, ...(permalink ? { permalink } : {}) };
  });
}
