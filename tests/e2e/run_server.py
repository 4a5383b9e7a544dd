#!/usr/bin/python3
"""Starts the e2e Django chat site under daphne on free loopback ports and prints each base URL
on a line of its own (the first line is the URL, like qtchat-mock-server); logs go to stderr.
Run it with Debian's /usr/bin/python3: another python3 earlier on PATH lacks the Debian modules.
With --stop-on-stdin-eof it also obeys "kill N" and "restart N" lines on stdin (see obey()):
N counts daphne processes from 0, in the order of the printed URLs.

  run_server.py [--access-seconds N] [--transports LIST] [--processes N] [--stop-on-stdin-eof]
                [--no-client-id-dedup] [--history-without-extras] [--broadcast-delay-ms N]
                [--history-size N]

A fresh SQLite database in a temporary folder holds the users alice/alice-pass and bob/bob-pass.
With --processes 2 or more a private redis-server (free port, no persistence) is the shared
channel layer, the way Channels sites scale out. Stops on SIGINT/SIGTERM (or, with
--stop-on-stdin-eof, when stdin closes: how a test's QProcess ends it) and takes its children
along. The last three make a site that does not help the client deliver exactly once, as most
do not (see django/chatsite/settings.py).
"""
import argparse
import ctypes
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean (no __pycache__ in tests/e2e/django)
HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "django")
MODULES = ["django", "channels", "daphne", "rest_framework", "rest_framework_simplejwt"]
PACKAGES = ("python3-django python3-django-channels python3-daphne python3-djangorestframework "
            "python3-djangorestframework-simplejwt")


def fail(message):
    print("run_server.py: error: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def check_modules(extra):
    missing = []
    for module in MODULES + extra:
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        fail("missing Python modules %s for %s; install the Debian packages: %s "
             "(./test.sh does)" % (", ".join(missing), sys.executable, PACKAGES + " redis-server python3-channels-redis"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    # If this launcher is killed outright, the kernel sends SIGTERM to the children.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_until_answers(port, process, seconds, probe=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if probe is None:
                    return True
                s.sendall(probe[0])
                if s.recv(64).startswith(probe[1]):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def start(command, port, probe=None, **kwargs):
    """The started process, or None when it did not answer on port (for example port taken)."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sys.stderr,
                               preexec_fn=die_with_parent, **kwargs)
    if wait_until_answers(port, process, 30, probe):
        return process
    stop([process])
    return None


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_daphne(port, env):
    return start([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "chatsite.asgi:application"],
                 port, env=dict(os.environ, **env), cwd=PROJECT)


def obey(command, n, daphnes, ports, env, children, killed):
    """"kill N" crashes daphne number N (SIGKILL: no close frames, like a dead host) and answers
    "killed N" on stdout. "restart N" does the same, then starts it again on the same port with the
    same settings and database, and answers "restarted N" once it accepts connections. A process
    that does not exist, or a restart that does not come up, answers "kill failed N" or
    "restart failed N"."""
    if n >= len(daphnes):
        print("%s failed %d" % (command, n), flush=True)
        return
    victim = daphnes[n]
    killed.append(victim)
    victim.kill()
    victim.wait()
    if command == "kill":
        print("killed %d" % n, flush=True)
        return
    successor = start_daphne(ports[n], env)  # Twisted listens with SO_REUSEADDR: the port is free
    if not successor:
        print("restart failed %d" % n, flush=True)
        return
    daphnes[n] = successor
    children.append(successor)
    print("restarted %d" % n, flush=True)


def prepare_database(env):
    os.environ.update(env)
    sys.path.insert(0, PROJECT)
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    call_command("migrate", run_syncdb=True, verbosity=0)
    for name in ("alice", "bob"):
        get_user_model().objects.create_user(name, password=name + "-pass")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--access-seconds", type=int, default=300)
    parser.add_argument("--transports", default="subprotocol,subprotocol-pair",
                        help="comma-separated: subprotocol, subprotocol-pair, header, query")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--stop-on-stdin-eof", action="store_true")
    parser.add_argument("--no-client-id-dedup", action="store_true",
                        help="store a resent client_id again as a new message")
    parser.add_argument("--history-without-extras", action="store_true",
                        help="history frames without client_id")
    parser.add_argument("--broadcast-delay-ms", type=int, default=0,
                        help="store a message at once, broadcast it this much later")
    parser.add_argument("--history-size", type=int, default=50, help="messages replayed on join")
    args = parser.parse_args()
    redis = args.processes > 1
    check_modules(["channels_redis"] if redis else [])
    if redis and not shutil.which("redis-server"):
        fail("redis-server is missing; install the Debian package redis-server (./test.sh does)")

    folder = tempfile.mkdtemp(prefix="qtchat-e2e-")
    children = []
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    try:
        env = {
            "DJANGO_SETTINGS_MODULE": "chatsite.settings",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": PROJECT,
            "CHAT_DB_PATH": os.path.join(folder, "chat.sqlite3"),
            "CHAT_SECRET_KEY": secrets.token_urlsafe(32),
            "CHAT_ACCESS_SECONDS": str(args.access_seconds),
            "CHAT_TOKEN_TRANSPORTS": args.transports,
            "CHAT_DEDUP_CLIENT_IDS": "0" if args.no_client_id_dedup else "1",
            "CHAT_HISTORY_EXTRAS": "0" if args.history_without_extras else "1",
            "CHAT_BROADCAST_DELAY_MS": str(max(0, args.broadcast_delay_ms)),
            "CHAT_HISTORY_SIZE": str(max(0, args.history_size)),
        }
        if redis:
            for _ in range(5):
                port = free_port()
                process = start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", folder, "--loglevel", "warning"],
                                port, probe=(b"PING\r\n", b"+PONG"))
                if process:
                    children.append(process)
                    env["CHAT_REDIS_URL"] = "redis://127.0.0.1:%d/0" % port
                    break
            else:
                fail("redis-server did not start")
        prepare_database(env)

        ports = []
        daphnes = []
        for _ in range(args.processes):
            for _ in range(5):  # a free port can be taken before daphne binds it: try another
                port = free_port()
                process = start_daphne(port, env)
                if process:
                    children.append(process)
                    daphnes.append(process)
                    ports.append(port)
                    break
            else:
                fail("daphne did not start (see its output above)")
        print("\n".join("http://127.0.0.1:%d" % port for port in ports), flush=True)

        killed = []
        commands = queue.Queue()
        if args.stop_on_stdin_eof:
            import threading

            def read_commands():
                for line in sys.stdin:
                    words = line.split()
                    if len(words) == 2 and words[0] in ("kill", "restart") and words[1].isdigit():
                        commands.put((words[0], int(words[1])))
                stopping.append(True)

            threading.Thread(target=read_commands, daemon=True).start()
        while not stopping and all(p.poll() is None for p in children if p not in killed):
            try:
                command, n = commands.get(timeout=0.1)
            except queue.Empty:
                continue
            # The main thread starts every child: PR_SET_PDEATHSIG is tied to the starting thread.
            obey(command, n, daphnes, ports, env, children, killed)
        for p in children:
            if p.poll() is not None and p not in killed and not stopping:
                fail("a server process ended unexpectedly: %s (exit %s)" % (p.args[0:3], p.returncode))
    finally:
        stop(children)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
