/** A file the loopback Slack completed: what was uploaded for it and where it was shared. */
export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  bytes: Buffer;
  channelId?: string;
  comment?: string;
  permalink: string;
}

/** What the Web API answers need to know about the server and its uploads. */
export interface ApiState {
  sequence: number;
  base: string;
  uploads: Map<string, { filename: string; bytes?: Buffer }>;
  files: UploadedFile[];
}

type Body = Record<string, unknown>;

function completeUpload(body: Body, state: ApiState): Record<string, unknown> {
  const wanted = Array.isArray(body.files) ? (body.files as { id?: unknown; title?: unknown }[]) : [];
  if (wanted.length === 0) return { ok: false, error: 'invalid_arguments' };
  const done: UploadedFile[] = [];
  for (const entry of wanted) {
    const id = String(entry.id);
    const upload = state.uploads.get(id);
    if (!upload?.bytes) return { ok: false, error: 'file_not_found' };
    done.push({
      id,
      filename: upload.filename,
      title: typeof entry.title === 'string' ? entry.title : upload.filename,
      bytes: upload.bytes,
      ...(typeof body.channel_id === 'string' ? { channelId: body.channel_id } : {}),
      ...(typeof body.initial_comment === 'string' ? { comment: body.initial_comment } : {}),
      permalink: `${state.base}/files/${id}/${encodeURIComponent(upload.filename)}`,
    });
  }
  state.files.push(...done);
  return { ok: true, files: done.map((file) => describeFile(file)) };
}

function describeFile(file: UploadedFile): Record<string, unknown> {
  const mimetype = file.filename.endsWith('.png') ? 'image/png' : 'text/csv';
  const shares = file.channelId ? { public: { [file.channelId]: [{ ts: '1700000000.000100' }] } } : {};
  return { id: file.id, name: file.filename, title: file.title, mimetype, permalink: file.permalink, shares };
}

const ANSWERS: Record<string, (body: Body, state: ApiState, ts: string) => Record<string, unknown>> = {
  'chat.postMessage': (body, _state, ts) => ({ ok: true, channel: body.channel, ts, message: { text: body.text } }),
  'chat.update': (body) => ({ ok: true, channel: body.channel, ts: body.ts, text: body.text }),
  'auth.test': () => ({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T00000001' }),
  'views.open': (body, state) => ({ ok: true, view: { id: `V${state.sequence}`, ...(body.view as Body) } }),
  'views.publish': (body, state) => ({ ok: true, view: { id: `V${state.sequence}`, ...(body.view as Body) } }),
  'files.getUploadURLExternal': (body, state) => {
    const length = Number(body.length);
    if (typeof body.filename !== 'string' || !Number.isInteger(length) || length < 1)
      return { ok: false, error: 'invalid_arguments' };
    const id = `F${String(state.sequence).padStart(10, '0')}`;
    state.uploads.set(id, { filename: body.filename });
    return { ok: true, upload_url: `${state.base}/upload/${id}`, file_id: id };
  },
  'files.completeUploadExternal': completeUpload,
  'files.info': (body, state) => {
    const file = state.files.find((candidate) => candidate.id === body.file);
    return file ? { ok: true, file: describeFile(file) } : { ok: false, error: 'file_not_found' };
  },
};

/** The loopback Web API's answer to one method call, as Slack would shape it (`unknown_method` for the rest). */
export function answerApi(method: string, body: Body, state: ApiState): Record<string, unknown> {
  const ts = `1700000000.${String(state.sequence).padStart(6, '0')}`;
  return ANSWERS[method]?.(body, state, ts) ?? { ok: false, error: 'unknown_method' };
}
