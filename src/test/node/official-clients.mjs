// The official npm clients (openai, ollama) talk to a running router the way a user's code would.
//
//   node official-clients.mjs <router base URL> [api key] [--tools] [--trace]
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
// --tools runs the tool-calling steps instead of the others: each client's own tool loop (the model asks for
// get_weather, the script runs it locally, sends the result back, and gets the final text), and the openai client
// streaming a tool call through the providers that stream its arguments in fragments. The upstreams must be set up
// for it (OfficialClientsIT.toolCallingThroughEveryOfficialClient): a request with a tool result gets text, any
// other a call of get_weather.
//
// --trace passes both clients a fetch that records every HTTP exchange (status, headers, non-streamed bodies) into
// the output's "trace"; without it the clients use their own default fetch, untouched.

import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { Ollama } from 'ollama';

const STEP_TIMEOUT_MS = 20_000;

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const trace = process.argv.includes('--trace') || process.env.OFFICIAL_CLIENTS_TRACE === '1';
const toolsMode = process.argv.includes('--tools');
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

/**
 * A fetch that keeps the body of every request it sends in {@code bodies} (parsed), so a step can tell what the
 * client really put on the wire, then sends it with the given fetch.
 */
function capturingFetch(bodies, inner = fetch) {
  return async (input, init = {}) => {
    if (typeof init.body === 'string') {
      bodies.push(JSON.parse(init.body));
    }
    return inner(input, init);
  };
}

function openaiClient(key, sentBodies) {
  const base = trace ? recordingFetch('openai') : undefined;
  const custom = sentBodies ? capturingFetch(sentBodies, base) : base;
  return new OpenAI({
    baseURL: `${baseUrl}/v1`,
    // the client insists on a key; the router ignores it unless llm.http.api-key is set
    apiKey: key || 'sk-no-key-needed',
    maxRetries: 0,
    timeout: STEP_TIMEOUT_MS,
    ...(custom ? { fetch: custom } : {}),
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
  if (!runs(name)) {
    return;
  }
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
  if (!runs(name)) {
    return;
  }
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

/** The tool-calling steps run with --tools, every other step without it. */
const TOOL_STEPS = new Set(['openaiToolLoop', 'openaiToolStream', 'openaiToolStreamHelper', 'openaiRunToolsStream',
  'ollamaToolLoop', 'ollamaToolStream']);
const runs = (name) => TOOL_STEPS.has(name) === toolsMode;

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

// ---- tool calling (--tools) ------------------------------------------------------------------------------------

/** The local function the model may call, as a user's code has it: what it was called with is kept. */
const weatherCalls = [];
function getWeather({ city, unit = 'celsius' }) {
  weatherCalls.push({ city, unit });
  return JSON.stringify({ city, temperature: city === 'Oslo' ? -3 : 18, unit, sky: city === 'Oslo' ? 'snow' : 'clear' });
}
const localFunctions = { get_weather: getWeather };
const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string', description: 'The city' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city', 'unit'],
  additionalProperties: false,
};
const openaiWeatherTool = { type: 'function', function: { name: 'get_weather', description: 'The current weather in a city',
  parameters: weatherParameters, strict: true } };
const ollamaWeatherTool = { type: 'function', function: { name: 'get_weather', description: 'The current weather in a city',
  parameters: weatherParameters } };

/** Runs a call the model asked for with the local function it names; the call's arguments as the client gave them. */
function runLocally(name, args) {
  const fn = localFunctions[name];
  if (!fn) {
    throw new Error(`the model asked for an unknown function '${name}'`);
  }
  return fn(args);
}

/** A streamed OpenAI answer's deltas put together the way a user's loop does it: text, each call by index, finish. */
async function accumulate(stream) {
  let text = '';
  const calls = [];
  const finishReasons = [];
  const ids = new Set();
  let chunks = 0;
  let toolCallChunks = 0;
  for await (const chunk of stream) {
    chunks++;
    ids.add(chunk.id);
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? '';
      for (const d of choice.delta?.tool_calls ?? []) {
        toolCallChunks++;
        const call = (calls[d.index] ??= { index: d.index, id: null, type: null, name: '', arguments: '', pieces: 0 });
        call.pieces++;
        call.id = d.id ?? call.id;
        call.type = d.type ?? call.type;
        call.name += d.function?.name ?? '';
        call.arguments += d.function?.arguments ?? '';
      }
      if (choice.finish_reason) {
        finishReasons.push(choice.finish_reason);
      }
    }
  }
  return { text, calls, finishReasons, chunks, toolCallChunks, ids: ids.size };
}

// openai, the whole loop, not streamed: tool_calls -> run get_weather -> the assistant message as the client returned
// it and a tool message -> the final text. What the client sent on each turn is kept from the wire.
await expectOk('openaiToolLoop', async () => {
  const sent = [];
  const client = openaiClient(apiKey, sent);
  const messages = [{ role: 'system', content: 'Use the tools.' }, { role: 'user', content: 'What is the weather in Paris?' }];
  const first = await client.chat.completions.create({ model: 'auto', messages, tools: [openaiWeatherTool], tool_choice: 'auto' });
  const asked = first.choices[0].message;
  if (!asked.tool_calls?.length) {
    throw new Error(`turn 1 asked for no tool: ${JSON.stringify(first)}`);
  }
  messages.push(asked);
  const ran = [];
  for (const call of asked.tool_calls) {
    const args = JSON.parse(call.function.arguments);
    const output = runLocally(call.function.name, args);
    ran.push({ name: call.function.name, args, output });
    messages.push({ role: 'tool', tool_call_id: call.id, content: output });
  }
  const second = await client.chat.completions.create({ model: 'auto', messages, tools: [openaiWeatherTool] });
  return {
    turn1: {
      finishReason: first.choices[0].finish_reason, content: asked.content, role: asked.role,
      toolCalls: asked.tool_calls.map((c) => ({ id: c.id, type: c.type, name: c.function.name, arguments: c.function.arguments })),
    },
    ran,
    sentOnTurn2: sent[1]?.messages ?? null,
    text: second.choices[0].message.content,
    finishReason: second.choices[0].finish_reason,
    toolCallsOnTurn2: second.choices[0].message.tool_calls ?? null,
  };
});

// openai, streamed, through NVIDIA (model "nemotron"): the call's id and name first, its arguments in fragments
await expectOk('openaiToolStream', async () => {
  const stream = await openai.chat.completions.create({
    model: 'nemotron', messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    tools: [openaiWeatherTool], stream: true,
  });
  const out = await accumulate(stream);
  for (const call of out.calls) {
    call.parsedArguments = JSON.parse(call.arguments);
  }
  return out;
});

// openai's own stream helper (it puts the chunks together and checks them) through Claude (model "claude"): some text,
// then the call
await expectOk('openaiToolStreamHelper', async () => {
  const runner = openai.chat.completions.stream({
    model: 'claude', messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [openaiWeatherTool],
  });
  const contentDeltas = [];
  runner.on('content', (delta) => contentDeltas.push(delta));
  const c = await runner.finalChatCompletion();
  const m = c.choices[0].message;
  return {
    model: c.model, content: m.content, finishReason: c.choices[0].finish_reason, contentDeltas: contentDeltas.length,
    toolCalls: (m.tool_calls ?? []).map((t) => ({ id: t.id, type: t.type, name: t.function.name,
      arguments: t.function.arguments, parsedArguments: t.function.parsed_arguments ?? null })),
  };
});

// openai's own tool runner, streamed, through Claude: the client puts each streamed call together, runs the function,
// sends the call and its result back, and streams the final text
await expectOk('openaiRunToolsStream', async () => {
  const sent = [];
  const runner = openaiClient(apiKey, sent).chat.completions.runTools({
    model: 'claude', stream: true, messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'The current weather in a city',
      parameters: weatherParameters, function: getWeather, parse: JSON.parse } }],
  });
  const text = await runner.finalContent();
  return {
    text,
    requests: sent.length,
    sentOnTurn2: sent[1]?.messages ?? null,
    functionCalls: runner.messages.filter((m) => m.role === 'tool').map((m) => m.content),
  };
});

// ollama, the whole loop: message.tool_calls -> run get_weather -> response.message and {role:'tool', content,
// tool_name} -> the final text
await expectOk('ollamaToolLoop', async () => {
  const messages = [{ role: 'user', content: 'What is the weather in Oslo?' }];
  const first = await ollama.chat({ model: 'auto', messages, tools: [ollamaWeatherTool] });
  const calls = first.message?.tool_calls ?? [];
  if (calls.length === 0) {
    throw new Error(`turn 1 asked for no tool: ${JSON.stringify(first)}`);
  }
  messages.push(first.message);
  const ran = [];
  for (const call of calls) {
    const output = runLocally(call.function.name, call.function.arguments);
    ran.push({ name: call.function.name, args: call.function.arguments, output });
    messages.push({ role: 'tool', content: output, tool_name: call.function.name });
  }
  const second = await ollama.chat({ model: 'auto', messages, tools: [ollamaWeatherTool] });
  return {
    turn1: { content: first.message.content, toolCalls: calls, done: first.done, doneReason: first.done_reason ?? null },
    ran,
    text: second.message?.content ?? null,
    toolCallsOnTurn2: second.message?.tool_calls ?? null,
    doneReason: second.done_reason ?? null,
  };
});

// ollama, streamed: the calls come whole in one part before the done part
await expectOk('ollamaToolStream', async () => {
  const stream = await ollama.chat({ model: 'auto', messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
    tools: [ollamaWeatherTool], stream: true });
  const parts = [];
  for await (const part of stream) {
    parts.push({ done: part.done, content: part.message?.content ?? '', toolCalls: part.message?.tool_calls ?? null });
  }
  return { parts };
});

// ---- a wrong key, when the router wants one ----------------------------------------------------------------------

if (apiKey && !toolsMode) {
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
process.stdout.write(JSON.stringify({ baseUrl, apiKey: Boolean(apiKey), versions, steps, weatherCalls, ...(trace ? { trace: exchanges } : {}) }) + '\n');
if (failures.length > 0) {
  process.stderr.write(`official-clients: ${failures.length} step(s) did not behave as a user expects:\n  - ${failures.join('\n  - ')}\n`);
  process.exit(1);
}
