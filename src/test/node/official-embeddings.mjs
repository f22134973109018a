// The official npm clients' embeddings calls against a running router (OfficialEmbeddingsIT).
//
//   node official-embeddings.mjs <router base URL> <embedding model>
//
// openai: embeddings.create as a user calls it (the client asks for base64 and decodes it), once with
// encoding_format float, once with a model no provider declares (the client's own BadRequestError);
// ollama: embed with one text and with two. Prints ONE JSON object with what the clients saw; exit 1 when a call
// that should succeed threw.

import OpenAI from 'openai';
import { Ollama } from 'ollama';

const [baseUrl, model] = process.argv.slice(2);
if (!baseUrl || !model) {
  process.stderr.write('usage: node official-embeddings.mjs <router base URL> <embedding model>\n');
  process.exit(2);
}
const openai = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 20_000 });
const ollama = new Ollama({ host: baseUrl });
const out = {};
let failed = false;

async function step(name, call) {
  try {
    out[name] = await call();
  } catch (e) {
    failed = true;
    out[name] = { threw: { errorClass: e?.constructor?.name, status: e?.status, message: String(e?.message) } };
  }
}

const round = (v) => Array.from(v, (x) => Math.round(x * 1000) / 1000);

await step('openaiDefault', async () => {
  const r = await openai.embeddings.create({ model, input: ['hello', 'world'] });
  return { object: r.object, model: r.model, vectors: r.data.map((d) => round(d.embedding)),
    indexes: r.data.map((d) => d.index), promptTokens: r.usage.prompt_tokens };
});
await step('openaiFloat', async () => {
  const r = await openai.embeddings.create({ model, input: 'hello', encoding_format: 'float' });
  return { vectors: r.data.map((d) => round(d.embedding)) };
});
try {
  await openai.embeddings.create({ model: 'no-such-embedding-model', input: 'hello' });
  out.openaiUnknownModel = { threw: null };
  failed = true;
} catch (e) {
  out.openaiUnknownModel = { threw: { errorClass: e?.constructor?.name, status: e?.status, param: e?.param,
    message: String(e?.message) } };
}
await step('ollamaOne', async () => {
  const r = await ollama.embed({ model, input: 'hello' });
  return { model: r.model, vectors: r.embeddings.map(round) };
});
await step('ollamaTwo', async () => {
  const r = await ollama.embed({ model, input: ['hello', 'world'] });
  return { model: r.model, vectors: r.embeddings.map(round) };
});

process.stdout.write(JSON.stringify(out) + '\n');
process.exit(failed ? 1 : 0);
