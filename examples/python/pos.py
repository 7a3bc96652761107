#!/usr/bin/env python3
"""A POS sending orders to a Dapur Edge agent, as the contract asks (contract/README.md, "Orders").

Over MQTT (paho-mqtt 1.6 or 2.x) or HTTP (the standard library), it sends each order and waits for
its answer. With no answer within 3 s it sends the same order again (same orderId, same bytes), with a
growing pause, until it hears ACCEPTED, DUPLICATE (both mean: stored) or REJECTED (fix the order; never
resend it unchanged). That is all a POS needs to survive a lost answer, a 503, a dropped connection
or an agent restart without losing or doubling an order.

    python3 pos.py --host 192.168.1.20 --user pos-1 --password SECRET --orders 5
    python3 pos.py --http --host 192.168.1.20 --token TOKEN --orders 5
    python3 pos.py --tls --ca outlet-cert.pem ...      (MQTT on 8883, HTTPS on 8443)

Exit 0 when every order was stored, 1 when one was rejected, 2 on bad arguments.
"""
import argparse
import json
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

FIRST_WAIT = 3.0     # seconds to wait for an answer before sending again
MAX_WAIT = 30.0      # the pause grows to this
STORED = ("ACCEPTED", "DUPLICATE")


def make_order(n, prefix):
    """An order as the contract's schema (contract/schemas/order.schema.json) describes it."""
    return {
        "orderId": f"{prefix}-{n}",      # the idempotency key: unique per outlet, the same on every resend
        "source": "example-pos",
        "channel": "DINE_IN",
        "table": str(n % 12 + 1),
        "placedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "items": [
            {"lineId": "1", "name": "Nasi Goreng", "qty": 1, "category": "food", "modifiers": ["extra pedas"]},
            {"lineId": "2", "name": "Es Teh Manis", "qty": 2, "category": "drinks"},
        ],
    }


class MqttPos:
    def __init__(self, args):
        import paho.mqtt.client as mqtt
        self.args = args
        self.answers = {}                 # orderId -> the event that settled it
        self.cond = threading.Condition()
        client_id = f"{args.user}-example"   # client ids belong to their account: the username, or it and a suffix
        try:  # paho-mqtt 2.x asks which callbacks it should call
            self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id=client_id, clean_session=False)
        except AttributeError:
            self.client = mqtt.Client(client_id=client_id, clean_session=False)
        self.client.username_pw_set(args.user, args.password)
        if args.tls:
            self.client.tls_set(ca_certs=args.ca)
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)
        self.client.on_connect = self.on_connect
        self.client.on_message = self.on_message
        self.events = f"dapur/{args.outlet}/orders/+/events"
        self.connected = threading.Event()

    def on_connect(self, client, userdata, flags, rc):
        if rc != 0:
            print(f"connect refused: {rc} (check the user and password)", file=sys.stderr)
            return
        # subscribe on every connect: after an agent restart the broker has no session for us
        client.subscribe(self.events, qos=1)
        self.connected.set()

    def on_message(self, client, userdata, msg):
        try:
            event = json.loads(msg.payload)
        except ValueError:
            return
        if event.get("event") in STORED + ("REJECTED",):
            with self.cond:
                self.answers.setdefault(event["orderId"], event)
                self.cond.notify_all()

    def start(self):
        port = self.args.port or (8883 if self.args.tls else 1883)
        self.client.connect_async(self.args.host, port, keepalive=30)
        self.client.loop_start()
        if not self.connected.wait(15):
            raise SystemExit(f"no connection to {self.args.host}:{port} within 15 s")

    def send(self, order):
        body = json.dumps(order).encode()   # the same bytes on every resend
        topic = f"dapur/{self.args.outlet}/orders/in"
        wait = FIRST_WAIT
        while True:
            self.client.publish(topic, body, qos=1)   # while disconnected paho keeps it and the next resend follows
            deadline = time.monotonic() + wait
            with self.cond:
                while order["orderId"] not in self.answers and time.monotonic() < deadline:
                    self.cond.wait(deadline - time.monotonic())
                if order["orderId"] in self.answers:
                    return self.answers[order["orderId"]]
            wait = min(wait * 1.5, MAX_WAIT)

    def stop(self):
        self.client.disconnect()
        self.client.loop_stop()


class HttpPos:
    def __init__(self, args):
        self.args = args
        scheme = "https" if args.tls else "http"
        port = self.args.port or (8443 if args.tls else 8080)
        self.url = f"{scheme}://{args.host}:{port}/api/v1/orders"
        self.context = ssl.create_default_context(cafile=args.ca) if args.tls else None

    def start(self):
        pass

    def send(self, order):
        body = json.dumps(order).encode()
        wait = FIRST_WAIT
        while True:
            request = urllib.request.Request(self.url, data=body, method="POST", headers={
                "Authorization": f"Bearer {self.args.token}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=FIRST_WAIT, context=self.context) as r:
                    return json.loads(r.read())                  # 201 ACCEPTED, 200 DUPLICATE
            except urllib.error.HTTPError as e:
                answer = json.loads(e.read() or b"{}")
                if e.code not in (408, 429) and e.code < 500:   # wrong input: fixing it is the POS's job, not resending
                    error = answer.get("error", {})
                    return {"orderId": order["orderId"], "event": "REJECTED", "code": error.get("code"), "message": error.get("message")}
                retry = e.headers.get("Retry-After")
                pause = float(retry) if retry and retry.isdigit() else wait
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pause = wait                                     # no answer at all: it may or may not be stored
            time.sleep(pause)
            wait = min(wait * 1.5, MAX_WAIT)

    def stop(self):
        pass


def main():
    ap = argparse.ArgumentParser(description="A POS that sends orders to a Dapur Edge agent and resends until answered.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, help="default 1883 (MQTT), 8883 (MQTT TLS), 8080 (HTTP), 8443 (HTTPS)")
    ap.add_argument("--outlet", default="sandbox", help="the agent's outlet.id")
    ap.add_argument("--user", default="pos-1", help="MQTT user (a pos account)")
    ap.add_argument("--password", help="MQTT password")
    ap.add_argument("--http", action="store_true", help="send over HTTP instead of MQTT")
    ap.add_argument("--token", help="HTTP bearer token (a pos token)")
    ap.add_argument("--tls", action="store_true", help="MQTT over TLS, or HTTPS")
    ap.add_argument("--ca", help="the agent's certificate (PEM) to trust, with --tls")
    ap.add_argument("--orders", type=int, default=3)
    ap.add_argument("--pause", type=float, default=0.2, help="seconds between orders")
    args = ap.parse_args()
    if args.http and not args.token or not args.http and not args.password:
        ap.error("MQTT needs --password, HTTP needs --token")
    pos = HttpPos(args) if args.http else MqttPos(args)
    pos.start()
    prefix = "py-" + uuid.uuid4().hex[:8]
    stored = 0
    for n in range(1, args.orders + 1):
        order = make_order(n, prefix)
        answer = pos.send(order)
        if answer.get("event") in STORED:
            stored += 1
            print(f"{order['orderId']}: {answer['event']}", flush=True)
        else:
            print(f"{order['orderId']}: REJECTED {answer.get('code')}: {answer.get('message')}", flush=True)
        time.sleep(args.pause)
    pos.stop()
    print(f"{stored} of {args.orders} orders stored")
    return 0 if stored == args.orders else 1


if __name__ == "__main__":
    sys.exit(main())
