"""A CAP worker built on the official CAP Python SDK (cap-sdk-python 2.0.12).

``cap.worker.run_worker`` subscribes one subject (queue group = the subject) and publishes the handler's
JobResult on ``sys.job.result``. The SDK sends no heartbeats, so this program adds them: a
``BusPacket{heartbeat}`` on ``sys.heartbeat`` every --heartbeat seconds with the worker id, pool,
max_parallel_jobs = 1 and the topics as capabilities, which is what makes a Cordum-style scheduler (or our
host) see the worker. By default it listens on its direct subject ``worker.<worker_id>.jobs``.

The handler reads the input from the job's context pointer (``redis://<key>``, unwrapping a
``{"context": …}`` envelope), writes its output JSON to ``res:<job_id>`` and returns SUCCEEDED with
``result_ptr = redis://res:<job_id>``. Output: ``{"greeting": "Hello, <name>!"}`` when the input has a
``name``, plus ``{"echo": <input>, "topic", "worker_id", "sdk": "cap-sdk-python", "request": {...}}`` where
``request`` is what the JobRequest carried (priority and actor type by enum name, memory_id, adapter_id,
workflow_id, principal_id, env, labels, meta). Inputs that change the answer:

* ``"fail": "<code>"``: FAILED with that error code and no result pointer;
* ``"fail_plain_until": n``: a plain FAILED (no error code, no result pointer) while the attempt (the job id's
  ``@<n>``) is at most n;
* ``"fail_final": "<code>"``: FAILED with that code and an error document at ``res:<job_id>`` saying
  ``"retryable": false``;
* ``"timeout": true``: TIMEOUT;
* ``"big_kib": n``: the output also holds ``"blob"``, n KiB of text.

With --private-key (a PEM P-256 key) the SDK signs its results and this program signs its heartbeats the same way
(ECDSA P-256 over SHA-256 of the packet with an empty signature); with --trust SENDER=PEM (repeatable) the SDK
drops requests whose sender has no trusted key or whose signature does not verify.

It prints ``ready <worker_id>`` on standard output after its first heartbeat and runs until killed.
"""

import argparse
import asyncio
import json
import sys

import nats
import redis.asyncio as aioredis
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cap import worker as capworker
from cap.pb.cordum.agent.v1 import buspacket_pb2, job_pb2

POINTER_SCHEME = "redis://"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nats", required=True, help="NATS URL, e.g. nats://127.0.0.1:4222")
    parser.add_argument("--redis", required=True, help="Redis URL, e.g. redis://127.0.0.1:6379")
    parser.add_argument("--worker-id", required=True, help="the worker id, one NATS subject token")
    parser.add_argument("--pool", default="default", help="the pool named in heartbeats")
    parser.add_argument("--subject", default="", help="the subject to listen on (default worker.<id>.jobs)")
    parser.add_argument("--topics", default="", help="comma-separated topics sent as heartbeat capabilities")
    parser.add_argument("--heartbeat", type=float, default=1.0, help="seconds between heartbeats")
    parser.add_argument("--private-key", default="", help="PEM P-256 key that signs results and heartbeats")
    parser.add_argument("--trust", action="append", default=[], help="SENDER=PEM public key of a trusted sender")
    arguments = parser.parse_args()
    if not arguments.worker_id or any(c in arguments.worker_id for c in ".*> \t"):
        parser.error("--worker-id must be one NATS subject token: no '.', '*', '>' or spaces")
    return arguments


def describe(request):
    """What a JobRequest carried, with enums by name (JOB_PRIORITY_BATCH, ACTOR_TYPE_SERVICE)."""
    return {
        "priority": job_pb2.JobPriority.Name(request.priority),
        "memory_id": request.memory_id,
        "adapter_id": request.adapter_id,
        "workflow_id": request.workflow_id,
        "principal_id": request.principal_id,
        "env": dict(request.env),
        "labels": dict(request.labels),
        "meta": {
            "actor_id": request.meta.actor_id,
            "actor_type": job_pb2.ActorType.Name(request.meta.actor_type),
            "labels": dict(request.meta.labels),
            "pack_id": request.meta.pack_id,
            "capability": request.meta.capability,
        },
    }


async def main():
    arguments = parse_arguments()
    worker_id = arguments.worker_id
    subject = arguments.subject or f"worker.{worker_id}.jobs"
    topics = [topic.strip() for topic in arguments.topics.split(",") if topic.strip()]
    private_key = None
    if arguments.private_key:
        with open(arguments.private_key, "rb") as file:
            private_key = serialization.load_pem_private_key(file.read(), password=None)
    public_keys = {}
    for entry in arguments.trust:
        sender, _, path = entry.partition("=")
        with open(path, "rb") as file:
            public_keys[sender] = serialization.load_pem_public_key(file.read())
    rdb = aioredis.from_url(arguments.redis)
    connected = asyncio.get_running_loop().create_future()

    async def connect(**options):
        nc = await nats.connect(**options)
        if not connected.done():
            connected.set_result(nc)
        return nc

    async def handle(request):
        data = {}
        pointer = request.context_ptr
        if pointer.startswith(POINTER_SCHEME):
            raw = await rdb.get(pointer[len(POINTER_SCHEME):])
            data = json.loads(raw) if raw is not None else {}
            if isinstance(data, dict) and isinstance(data.get("context"), dict):
                data = data["context"]
        if not isinstance(data, dict):
            data = {"value": data}
        attempt = int(request.job_id.rsplit("@", 1)[1]) if "@" in request.job_id else 1
        if isinstance(data.get("fail"), str):
            return job_pb2.JobResult(
                job_id=request.job_id,
                status=job_pb2.JOB_STATUS_FAILED,
                worker_id=worker_id,
                error_code=data["fail"],
                error_message=f"asked to fail with {data['fail']}",
            )
        if isinstance(data.get("fail_plain_until"), int) and attempt <= data["fail_plain_until"]:
            return job_pb2.JobResult(
                job_id=request.job_id,
                status=job_pb2.JOB_STATUS_FAILED,
                worker_id=worker_id,
                error_message=f"attempt {attempt} failed",
            )
        if isinstance(data.get("fail_final"), str):
            code = data["fail_final"]
            document = {"job_id": request.job_id, "status": "FAILED",
                        "error": {"code": code, "message": f"{code} cannot be retried", "retryable": False}}
            await rdb.set(f"res:{request.job_id}", json.dumps(document), ex=86400)
            return job_pb2.JobResult(
                job_id=request.job_id,
                status=job_pb2.JOB_STATUS_FAILED,
                result_ptr=f"{POINTER_SCHEME}res:{request.job_id}",
                worker_id=worker_id,
                error_code=code,
                error_message=f"{code} cannot be retried",
            )
        if data.get("timeout") is True:
            return job_pb2.JobResult(
                job_id=request.job_id,
                status=job_pb2.JOB_STATUS_TIMEOUT,
                worker_id=worker_id,
                error_message=f"attempt {attempt} ran out of time",
            )
        output = {"echo": data, "topic": request.topic, "worker_id": worker_id, "sdk": "cap-sdk-python",
                  "request": describe(request)}
        if isinstance(data.get("name"), str):
            output["greeting"] = f"Hello, {data['name']}!"
        if isinstance(data.get("big_kib"), int):
            output["blob"] = "x" * (data["big_kib"] * 1024)
        await rdb.set(f"res:{request.job_id}", json.dumps(output), ex=86400)
        return job_pb2.JobResult(
            job_id=request.job_id,
            status=job_pb2.JOB_STATUS_SUCCEEDED,
            result_ptr=f"{POINTER_SCHEME}res:{request.job_id}",
            worker_id=worker_id,
        )

    async def heartbeats():
        nc = await connected
        # run_worker subscribes right after connecting, on the same connection: a flush orders our first
        # heartbeat after its SUB, so whoever sees the heartbeat can already reach the worker.
        await asyncio.sleep(0.05)
        await nc.flush()
        first = True
        while True:
            packet = buspacket_pb2.BusPacket(trace_id=worker_id, sender_id=worker_id, protocol_version=1)
            packet.created_at.GetCurrentTime()
            packet.heartbeat.worker_id = worker_id
            packet.heartbeat.pool = arguments.pool
            packet.heartbeat.max_parallel_jobs = 1
            packet.heartbeat.capabilities.extend(topics)
            if private_key:
                packet.signature = private_key.sign(packet.SerializeToString(), ec.ECDSA(hashes.SHA256()))
            await nc.publish("sys.heartbeat", packet.SerializeToString())
            if first:
                await nc.flush()
                print(f"ready {worker_id}", flush=True)
                first = False
            await asyncio.sleep(arguments.heartbeat)

    beating = asyncio.create_task(heartbeats())
    try:
        await capworker.run_worker(
            arguments.nats,
            subject,
            handle,
            public_keys=public_keys or None,
            private_key=private_key,
            sender_id=worker_id,
            connect_fn=connect,
        )
    finally:
        beating.cancel()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
