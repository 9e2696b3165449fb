// Calls the example gateway with the official openai client: a chat completion, a streamed one, and a rendered prompt.
// Run after starting the simulators and the gateway (see README.md): node examples/gateway/client.mjs
import OpenAI from "openai";

const baseURL = process.env.AIPLAT_GATEWAY_URL ?? "http://127.0.0.1:8080/v1";
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? "sk-research-example" });

const chat = await client.chat.completions.create({
  model: "llama-3.1-8b-instruct",
  messages: [{ role: "user", content: "Which node pool serves production inference?" }],
});
console.log("chat:", chat.choices[0].message.content, chat.usage);

const stream = await client.chat.completions.create({
  model: "llama-3.1-8b-instruct",
  messages: [{ role: "user", content: "Stream me some tokens" }],
  stream: true,
});
let text = "";
for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
console.log("stream:", text);

const models = await client.models.list();
console.log("models:", models.data.map((m) => m.id).join(", "));
