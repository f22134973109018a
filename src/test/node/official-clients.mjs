// The official npm clients (openai, ollama) talk to a running router the way a user's code would.
//
//   node official-clients.mjs <router base URL> [api key] [--trace]
//   (or ROUTER_BASE_URL / ROUTER_API_KEY / OFFICIAL_CLIENTS_TRACE=1 in the environment)
//
// The base URL is the router's root, e.g. http://127.0.0.1:8080: the openai client gets <base>/v1 as baseURL,
// the ollama client gets <base> as host. With an API key, both clients send it as a bearer token, and the
// wrong-key cases run as well. Both clients run with no retries (openai maxRetries: 0; the ollama client never
// retries), so every status the router sends reaches the caller as it is.
//
// Prints ONE JSON object with what the clients saw on stdout and exits 0 when every call behaved as a user expects
// (the calls that should succeed did, the calls that should fail threw the client's own error class). Otherwise it
// still prints the JSON (each failed step carries the error the client threw, with the status, headers and body
// when the client exposes them), names the failed steps on stderr and exits 1. Exit 2: bad arguments or a hang.
//
// --trace passes both clients a fetch that records every HTTP exchange (status, headers, non-streamed bodies) into
// the output's "trace"; without it the clients use their own default fetch, untouched.

import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { Ollama } from 'ollama';

const STEP_TIMEOUT_MS = 20_000;

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const trace = process.argv.includes('--trace') || process.env.OFFICIAL_CLIENTS_TRACE === '1';
const baseUrl = (positional[0] ?? process.env.ROUTER_BASE_URL ?? '').replace(/\/+$/, '');
const apiKey = positional[1] ?? process.env.ROUTER_API_KEY ?? '';
if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
  process.stderr.write('usage: node official-clients.mjs <router base URL, e.g. http://127.0.0.1:8080> [api key] [--trace]\n'
      + '       (or ROUTER_BASE_URL and ROUTER_API_KEY in the environment)\n');
  process.exit(2);
}

const exchanges = [];

/** Only with --trace: a fetch that records what went over the wire, then hands the response on unchanged. */
function recordingFetch(label) {
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : (input.url ?? String(input));
    const entry = { client: label, method: init.method ?? input?.method ?? 'GET', url };
    const reqHeaders = new Headers(init.headers ?? input?.headers ?? {});
    entry.requestHeaders = Object.fromEntries([...reqHeaders].map(([k, v]) =>
        [k, k === 'authorization' ? v.replace(/^(Bearer ).*$/i, '$1***') : v]));
    if (typeof init.body === 'string') {
      entry.requestBody = init.body.slice(0, 2000);
    }
    exchanges.push(entry);
    try {
      const response = await fetch(input, init);
      entry.status = response.status;
      entry.responseHeaders = Object.fromEntries(response.headers);
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('event-stream') && !type.includes('ndjson')) {
        entry.responseBody = (await response.clone().text()).slice(0, 2000);
      } else {
        entry.responseBody = '(stream, not recorded)';
      }
      return response;
    } catch (e) {
      entry.fetchError = String(e);
      throw e;
    }
  };
}

const authHeaders = (key) => (key ? { Authorization: `Bearer ${key}` } : undefined);

function openaiClient(key) {
  return new OpenAI({
    baseURL: `${baseUrl}/v1`,
    // the client insists on a key; the router ignores it unless llm.http.api-key is set
    apiKey: key || 'sk-no-key-needed',
    maxRetries: 0,
    timeout: STEP_TIMEOUT_MS,
    ...(trace ? { fetch: recordingFetch('openai') } : {}),
  });
}

function ollamaClient(key) {
  return new Ollama({
    host: baseUrl,
    ...(key ? { headers: authHeaders(key) } : {}),
    ...(trace ? { fetch: recordingFetch('ollama') } : {}),
  });
}

/** What a thrown error tells the caller: its class, status, and whatever of the response the client kept. */
function describeError(e) {
  if (!(e instanceof Error)) {
    return { errorClass: typeof e, message: String(e) };
  }
  const out = { errorClass: e.constructor?.name ?? e.name, name: e.name, message: e.message };
  if (e instanceof OpenAI.APIError) {
    out.status = e.status ?? null;
    out.error = e.error ?? null;
    out.type = e.type ?? null;
    out.code = e.code ?? null;
    out.param = e.param ?? null;
    out.requestId = e.requestID ?? null;
    out.headers = e.headers ? Object.fromEntries(e.headers) : null;
  } else if (e.name === 'ResponseError') {
    // ollama's ResponseError (not exported by the package): error = the body's "error" text, status_code = status
    out.status = e.status_code ?? null;
    out.error = e.error ?? null;
  }
  if (e.cause) {
    out.cause = String(e.cause?.stack ?? e.cause);
  }
  if (!('status' in out)) {
    out.stack = e.stack?.split('\n').slice(0, 6).join('\n');
  }
  return out;
}

const steps = {};
const failures = [];
let currentStep = '(starting)';

/** Runs one step that should succeed; its result (or the error it threw) lands in steps[name]. */
async function expectOk(name, fn) {
  currentStep = name;
  try {
    steps[name] = { ok: true, ...(await fn()) };
  } catch (e) {
    steps[name] = { ok: false, threw: describeError(e) };
    failures.push(`${name}: threw ${steps[name].threw.errorClass}`
        + `${steps[name].threw.status != null ? ` (status ${steps[name].threw.status})` : ''}: ${steps[name].threw.message}`);
  }
}

/** Runs one step that should throw; the error it threw lands in steps[name]. */
async function expectThrow(name, fn, isExpected) {
  currentStep = name;
  try {
    const result = await fn();
    steps[name] = { ok: false, threw: null, result };
    failures.push(`${name}: expected an error, but the call returned ${JSON.stringify(result).slice(0, 500)}`);
  } catch (e) {
    const ok = isExpected(e);
    steps[name] = { ok, threw: describeError(e) };
    if (!ok) {
      failures.push(`${name}: threw the wrong error ${steps[name].threw.errorClass}`
          + ` (status ${steps[name].threw.status ?? 'none'}): ${e.message}`);
    }
  }
}

const isOpenAi = (cls, status) => (e) => e instanceof cls && e.status === status;
const isOllamaResponseError = (status) => (e) => e?.name === 'ResponseError' && e.status_code === status;

const watchdog = setTimeout(() => {
  process.stderr.write(`official-clients: no progress for ${6 * STEP_TIMEOUT_MS / 1000} s, hung in step '${currentStep}'\n`);
  process.stdout.write(JSON.stringify({ baseUrl, steps, hungIn: currentStep, trace: trace ? exchanges : undefined }) + '\n');
  process.exit(2);
}, 6 * STEP_TIMEOUT_MS);
watchdog.unref();

const openai = openaiClient(apiKey);
const ollama = ollamaClient(apiKey);
const question = [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Why is the sky blue?' }];

// ---- openai ---------------------------------------------------------------------------------------------------

await expectOk('openaiChat', async () => {
  const c = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: question, temperature: 0.7, max_tokens: 256 });
  return {
    id: c.id, object: c.object, model: c.model, text: c.choices[0]?.message?.content ?? null,
    role: c.choices[0]?.message?.role ?? null, finishReason: c.choices[0]?.finish_reason ?? null,
    choices: c.choices.length, usage: c.usage ?? null,
  };
});

await expectOk('openaiStream', async () => {
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini', messages: question, stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let role = null;
  const models = new Set();
  const ids = new Set();
  const objects = new Set();
  const finishReasons = [];
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    models.add(chunk.model);
    ids.add(chunk.id);
    objects.add(chunk.object);
    for (const choice of chunk.choices) {
      role = choice.delta?.role ?? role;
      text += choice.delta?.content ?? '';
      if (choice.finish_reason) {
        finishReasons.push(choice.finish_reason);
      }
    }
    if (chunk.usage) {
      usage = chunk.usage;
    }
  }
  return { text, role, chunks, models: [...models], ids: ids.size, objects: [...objects], finishReasons, usage };
});

await expectOk('openaiModels', async () => {
  const ids = [];
  for await (const m of openai.models.list()) {
    ids.push(m.id);
  }
  const one = await openai.models.retrieve('auto');
  return { ids, retrieved: { id: one.id, object: one.object, ownedBy: one.owned_by } };
});

await expectThrow('openaiUnknownModel', () => openai.models.retrieve('no-such-model'), isOpenAi(OpenAI.NotFoundError, 404));

await expectOk('openaiSampling', async () => {
  const c = await openai.chat.completions.create({
    model: 'auto', messages: question, top_p: 0.9, stop: ['END'], seed: 42, presence_penalty: 0.5, frequency_penalty: 0.5,
  });
  return { text: c.choices[0]?.message?.content ?? null };
});

await expectOk('openaiJsonSchema', async () => {
  const c = await openai.chat.completions.create({
    model: 'auto', messages: question,
    response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true,
      schema: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'], additionalProperties: false } } },
  });
  return { text: c.choices[0]?.message?.content ?? null };
});

await expectThrow('openaiToolsRefused',
    () => openai.chat.completions.create({
      model: 'auto', messages: question,
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }],
    }),
    isOpenAi(OpenAI.BadRequestError, 400));

await expectThrow('openaiBadRequest',
    () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    isOpenAi(OpenAI.BadRequestError, 400));

// ---- ollama ---------------------------------------------------------------------------------------------------

const ollamaDone = (r) => ({
  model: r.model, done: r.done, doneReason: r.done_reason ?? null,
  promptEvalCount: r.prompt_eval_count ?? null, evalCount: r.eval_count ?? null,
  totalDuration: r.total_duration ?? null, createdAt: r.created_at ?? null,
});

// the ollama JS client sends stream: false unless told otherwise (its own default, not the server's)
await expectOk('ollamaChat', async () => {
  const r = await ollama.chat({ model: 'auto', messages: question, options: { temperature: 0.7, num_predict: 256 } });
  return { text: r.message?.content ?? null, role: r.message?.role ?? null, ...ollamaDone(r) };
});

await expectOk('ollamaChatStream', async () => {
  const stream = await ollama.chat({ model: 'auto', messages: question, stream: true });
  let text = '';
  let parts = 0;
  let last = null;
  const models = new Set();
  for await (const part of stream) {
    parts++;
    models.add(part.model);
    text += part.message?.content ?? '';
    last = part;
  }
  return { text, parts, models: [...models], ...ollamaDone(last ?? {}) };
});

await expectOk('ollamaGenerate', async () => {
  const r = await ollama.generate({ model: 'auto', prompt: 'Why is the sky blue?', system: 'Be terse.' });
  return { text: r.response ?? null, ...ollamaDone(r) };
});

await expectOk('ollamaGenerateStream', async () => {
  const stream = await ollama.generate({ model: 'auto', prompt: 'Why is the sky blue?', stream: true });
  let text = '';
  let parts = 0;
  let last = null;
  for await (const part of stream) {
    parts++;
    text += part.response ?? '';
    last = part;
  }
  return { text, parts, ...ollamaDone(last ?? {}) };
});

await expectOk('ollamaList', async () => {
  const r = await ollama.list();
  return { models: r.models.map((m) => m.name), modelFields: r.models.map((m) => m.model), families: r.models.map((m) => m.details?.family ?? null) };
});

await expectOk('ollamaShow', async () => {
  const r = await ollama.show({ model: 'llama3.2:3b' });
  return { family: r.details?.family ?? null, capabilities: r.capabilities ?? null };
});

await expectOk('ollamaPs', async () => {
  const r = await ollama.ps();
  return { models: r.models.map((m) => m.name) };
});

await expectOk('ollamaOptions', async () => {
  const r = await ollama.chat({ model: 'auto', messages: question, keep_alive: '5m',
    options: { top_k: 20, top_p: 0.8, seed: 7, num_ctx: 4096, stop: ['###'], repeat_penalty: 1.1 } });
  return { text: r.message?.content ?? null };
});

await expectOk('ollamaVersion', async () => ({ version: (await ollama.version()).version }));

await expectThrow('ollamaBadRequest',
    () => ollama.chat({ model: 'auto', messages: [] }),
    isOllamaResponseError(400));

// ---- a wrong key, when the router wants one ----------------------------------------------------------------------

if (apiKey) {
  const wrongKey = `${apiKey}-wrong`;
  await expectThrow('openaiWrongKey',
      () => openaiClient(wrongKey).chat.completions.create({ model: 'gpt-4o-mini', messages: question }),
      isOpenAi(OpenAI.AuthenticationError, 401));
  await expectThrow('ollamaWrongKey',
      () => ollamaClient(wrongKey).chat({ model: 'auto', messages: question }),
      isOllamaResponseError(401));
  await expectThrow('ollamaNoKey',
      () => ollamaClient('').chat({ model: 'auto', messages: question }),
      isOllamaResponseError(401));
}

clearTimeout(watchdog);
const installedVersion = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;
const versions = { node: process.version, openai: installedVersion('openai'), ollama: installedVersion('ollama') };
process.stdout.write(JSON.stringify({ baseUrl, apiKey: Boolean(apiKey), versions, steps, ...(trace ? { trace: exchanges } : {}) }) + '\n');
if (failures.length > 0) {
  process.stderr.write(`official-clients: ${failures.length} step(s) did not behave as a user expects:\n  - ${failures.join('\n  - ')}\n`);
  process.exit(1);
}
