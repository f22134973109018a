// The official npm clients (openai, ollama) read the router's streams the way a user's code does.
//
//   node streaming-clients.mjs <router base URL> <expect: complete | broken> <model> [openai|ollama|both]
//
// Streams one answer through each client (openai chat.completions.create with stream: true, ollama chat with
// stream: true) and prints ONE JSON object: per client, the text received, how many pieces, when the first and the
// last came (ms after the call), and whether iterating threw (with the error's class and message). Exit 0 when
// every stream ended as expected: "complete" = no error; "broken" = the client raised an error (a partial answer
// must never look complete). Exit 1 otherwise; 2 on bad arguments or a hang.

import OpenAI from 'openai';
import { Ollama } from 'ollama';

const [baseArg, expect, model, which = 'both'] = process.argv.slice(2);
const baseUrl = (baseArg ?? '').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+/.test(baseUrl) || !['complete', 'broken'].includes(expect) || !model) {
  process.stderr.write('usage: node streaming-clients.mjs <router base URL> <complete|broken> <model>\n');
  process.exit(2);
}
setTimeout(() => { process.stderr.write('hang: no end within 60 s\n'); process.exit(2); }, 60_000).unref();

const messages = [{ role: 'user', content: 'Tell me about foxes.' }];

async function consume(pieces) {
  const start = Date.now();
  const out = { text: '', pieces: 0, firstMs: null, lastMs: null, threw: false };
  try {
    for await (const piece of await pieces()) {
      if (piece) {
        const now = Date.now() - start;
        out.firstMs ??= now;
        out.lastMs = now;
        out.pieces++;
        out.text += piece;
      }
    }
  } catch (e) {
    out.threw = true;
    out.errorClass = e?.constructor?.name ?? typeof e;
    out.message = String(e?.message ?? e);
  }
  return out;
}

async function* openaiPieces() {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'sk-no-key-needed', maxRetries: 0, timeout: 30_000 });
  const stream = await client.chat.completions.create({ model, messages, stream: true });
  for await (const chunk of stream) {
    yield chunk.choices?.[0]?.delta?.content ?? '';
  }
}

async function* ollamaPieces() {
  const client = new Ollama({ host: baseUrl });
  const stream = await client.chat({ model, messages, stream: true });
  for await (const part of stream) {
    yield part.message?.content ?? '';
  }
}

const result = {};
if (which !== 'ollama') {
  result.openai = await consume(openaiPieces);
}
if (which !== 'openai') {
  result.ollama = await consume(ollamaPieces);
}
process.stdout.write(JSON.stringify(result) + '\n');
const ok = Object.values(result).every((r) => (expect === 'complete' ? !r.threw : r.threw));
process.exit(ok ? 0 : 1);
