#!/usr/bin/env node
// A POS sending orders to a Dapur Edge agent, as the contract asks (contract/README.md, "Orders").
//
// Over MQTT (mqtt.js) or HTTP (Node's http/https), it sends each order and waits for its answer. With no
// answer within 3 s it sends the same order again (same orderId, same bytes), with a growing pause,
// until it hears ACCEPTED, DUPLICATE (both mean: stored) or REJECTED (fix the order; never resend it
// unchanged). That is all a POS needs to survive a lost answer, a 503, a dropped connection or an agent
// restart without losing or doubling an order.
//
//   npm ci && node pos.mjs --host 192.168.1.20 --user pos-1 --password SECRET --orders 5
//   node pos.mjs --http --host 192.168.1.20 --token TOKEN --orders 5
//   node pos.mjs --tls --ca outlet-cert.pem ...      (MQTT on 8883, HTTPS on 8443)
//
// Exit 0 when every order was stored, 1 when one was rejected, 2 on bad arguments.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

const FIRST_WAIT = 3000; // ms to wait for an answer before sending again
const MAX_WAIT = 30000;  // the pause grows to this
const STORED = ['ACCEPTED', 'DUPLICATE'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { values: args } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    outlet: { type: 'string', default: 'sandbox' },
    user: { type: 'string', default: 'pos-1' },
    password: { type: 'string' },
    http: { type: 'boolean', default: false },
    token: { type: 'string' },
    tls: { type: 'boolean', default: false },
    ca: { type: 'string' },
    orders: { type: 'string', default: '3' },
    pause: { type: 'string', default: '200' },
  },
});
if (args.http ? !args.token : !args.password) {
  console.error('pos.mjs: MQTT needs --password, HTTP needs --token');
  process.exit(2);
}

// An order as the contract's schema (contract/schemas/order.schema.json) describes it.
function makeOrder(n, prefix) {
  return {
    orderId: `${prefix}-${n}`, // the idempotency key: unique per outlet, the same on every resend
    source: 'example-pos',
    channel: 'TAKEAWAY',
    placedAt: new Date().toISOString(),
    items: [
      { lineId: '1', name: 'Mie Ayam', qty: 1, category: 'food', allergens: ['gluten'] },
      { lineId: '2', name: 'Jus Alpukat', qty: 1, category: 'drinks' },
    ],
  };
}

function mqttPos() {
  const answers = new Map(); // orderId -> the event that settled it
  const waiters = new Map();
  const url = `${args.tls ? 'mqtts' : 'mqtt'}://${args.host}:${args.port ?? (args.tls ? 8883 : 1883)}`;
  const client = mqtt.connect(url, {
    clientId: `${args.user}-example-js`, // client ids belong to their account: the username, or it and a suffix
    username: args.user,
    password: args.password,
    clean: false, // a persistent session: answers sent while the Wi-Fi was down arrive when it is back
    reconnectPeriod: 1000,
    ca: args.ca ? readFileSync(args.ca) : undefined,
  });
  const events = `dapur/${args.outlet}/orders/+/events`;
  // subscribe on every connect: after an agent restart the broker has no session for us
  client.on('connect', () => client.subscribe(events, { qos: 1 }));
  client.on('error', (e) => console.error(`mqtt: ${e.message}`));
  client.on('message', (topic, payload) => {
    let event;
    try {
      event = JSON.parse(payload.toString());
    } catch {
      return;
    }
    if ([...STORED, 'REJECTED'].includes(event.event) && !answers.has(event.orderId)) {
      answers.set(event.orderId, event);
      waiters.get(event.orderId)?.();
    }
  });
  return {
    start: () => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no connection to ${url} within 15 s`)), 15000);
      client.once('connect', () => { clearTimeout(t); resolve(); });
    }),
    async send(order) {
      const body = JSON.stringify(order); // the same bytes on every resend
      for (let wait = FIRST_WAIT; ; wait = Math.min(wait * 1.5, MAX_WAIT)) {
        // while disconnected mqtt.js queues it; the next resend follows anyway
        client.publish(`dapur/${args.outlet}/orders/in`, body, { qos: 1 }, () => {});
        const answered = new Promise((r) => waiters.set(order.orderId, r));
        await Promise.race([answered, sleep(wait)]);
        if (answers.has(order.orderId)) {
          waiters.delete(order.orderId);
          return answers.get(order.orderId);
        }
      }
    },
    stop: () => new Promise((r) => client.end(false, {}, r)),
  };
}

function post(url, body) {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https') ? https : http;
    const req = lib.request(url, {
      method: 'POST',
      timeout: FIRST_WAIT,
      ca: args.ca ? readFileSync(args.ca) : undefined,
      headers: { Authorization: `Bearer ${args.token}`, 'Content-Type': 'application/json' },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'], text }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 3 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function httpPos() {
  const url = `${args.tls ? 'https' : 'http'}://${args.host}:${args.port ?? (args.tls ? 8443 : 8080)}/api/v1/orders`;
  return {
    start: async () => {},
    async send(order) {
      const body = JSON.stringify(order);
      for (let wait = FIRST_WAIT; ; wait = Math.min(wait * 1.5, MAX_WAIT)) {
        let pause = wait;
        try {
          const r = await post(url, body);
          if (r.status === 200 || r.status === 201) return JSON.parse(r.text); // DUPLICATE or ACCEPTED
          if (r.status < 500 && r.status !== 408 && r.status !== 429) { // wrong input: fix it, do not resend
            const error = JSON.parse(r.text || '{}').error ?? {};
            return { orderId: order.orderId, event: 'REJECTED', code: error.code, message: error.message };
          }
          if (/^\d+$/.test(r.retryAfter ?? '')) pause = Number(r.retryAfter) * 1000;
        } catch {
          // no answer at all: it may or may not be stored; the same order again is safe
        }
        await sleep(pause);
      }
    },
    stop: async () => {},
  };
}

const pos = args.http ? httpPos() : mqttPos();
try {
  await pos.start();
} catch (e) {
  console.error(`pos.mjs: ${e.message}`);
  process.exit(1);
}
const prefix = `js-${randomUUID().slice(0, 8)}`;
const total = Number(args.orders);
let stored = 0;
for (let n = 1; n <= total; n++) {
  const order = makeOrder(n, prefix);
  const answer = await pos.send(order);
  if (STORED.includes(answer.event)) {
    stored++;
    console.log(`${order.orderId}: ${answer.event}`);
  } else {
    console.log(`${order.orderId}: REJECTED ${answer.code}: ${answer.message}`);
  }
  await sleep(Number(args.pause));
}
await pos.stop();
console.log(`${stored} of ${total} orders stored`);
process.exit(stored === total ? 0 : 1);
