"""
Runs Eclipse Paho's MQTT 3.1.1 interoperability tests (client_test.py from
eclipse/paho.mqtt.testing, not part of this repository) against a broker that requires a login
and binds client ids to accounts, and prints one JSON line per test: {"test", "ok", "output"}.

The suite connects anonymously with client ids 'myclientid', 'myclientid2', 'clean retained' and
''. This runner only adapts that to an outlet's broker, without touching what is tested:
  - every CONNECT carries the username and password of the account that owns its client id;
  - 'clean retained' (a space is not allowed in an outlet's client ids) connects as
    'myclientid-clean-retained', owned by account 'myclientid';
  - the filter a broker refuses to let the client subscribe to is the broker's choice (the suite
    takes it as a parameter): here '$SYS/nosubscribe', which no account of the test outlet may read.

Usage: python3 paho_suite.py SUITE_DIR HOST PORT PASSWORD
"""
import io
import json
import sys
import unittest
import contextlib

suite_dir, host, port, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, suite_dir)

import mqtt.clients.V311 as mqtt_client  # noqa: E402  (from the suite)
import client_test  # noqa: E402  (from the suite)

RENAMED = {b"clean retained": b"myclientid-clean-retained"}
OWNER = {b"myclientid": "myclientid", b"myclientid2": "myclientid2", b"myclientid-clean-retained": "myclientid", b"": "myclientid"}

_init = mqtt_client.Client.__init__
_connect = mqtt_client.Client.connect


def init(self, clientid):
    cid = clientid.encode("utf-8") if isinstance(clientid, str) else clientid
    _init(self, RENAMED.get(cid, cid))


def connect(self, *args, **kwargs):
    cid = self.clientid.encode("utf-8") if isinstance(self.clientid, str) else self.clientid
    kwargs.setdefault("username", OWNER.get(cid, "myclientid"))
    kwargs.setdefault("password", password.encode("utf-8"))
    return _connect(self, *args, **kwargs)


mqtt_client.Client.__init__ = init
mqtt_client.Client.connect = connect

client_test.host = host
client_test.port = port
client_test.topics = ("TopicA", "TopicA/B", "Topic/C", "TopicA/C", "/TopicA")
client_test.wildtopics = ("TopicA/+", "+/C", "#", "/#", "/+", "+/+", "TopicA/#")
client_test.nosubscribe_topics = ("$SYS/nosubscribe",)



class Recorder(unittest.TestResult):
    """One JSON line per test, with what it printed (the suite explains its failures on stdout)."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def addError(self, test, err):
        super().addError(test, err)
        if not hasattr(self, "redirect"):  # the class set-up failed: no test started
            print(json.dumps({"test": "setUpClass", "ok": False, "output": self._exc_info_to_string(err, test)[-4000:]}), flush=True)
        else:
            self.problems.append(self._exc_info_to_string(err, test))

    def startTest(self, test):
        super().startTest(test)
        self.out = io.StringIO()
        self.redirect = contextlib.ExitStack()
        self.redirect.enter_context(contextlib.redirect_stdout(self.out))
        self.redirect.enter_context(contextlib.redirect_stderr(self.out))
        self.problems = []

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.problems.append(self._exc_info_to_string(err, test))

    def stopTest(self, test):
        self.redirect.close()
        del self.redirect
        super().stopTest(test)
        name = test.id().split(".")[-1]
        print(json.dumps({"test": name, "ok": not self.problems,
                          "output": (self.out.getvalue() + "".join(self.problems))[-4000:]}), flush=True)


# the suite's own order, in one run, so its class set-up (the clean-up and the two clients) is shared as it intends
unittest.TestLoader().loadTestsFromTestCase(client_test.Test).run(Recorder())
