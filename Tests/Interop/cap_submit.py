"""Submits one job with the official CAP Python SDK (cap-sdk-python 2.0.12) and waits for its result.

The job's input JSON is written to Redis at ``ctx:<job_id>`` and the JobRequest carries the pointer
``redis://ctx:<job_id>``; ``cap.client.submit_job`` publishes it on ``sys.job.submit``. The program listens on
``sys.job.result`` (a plain subscription, so it gets a copy next to any scheduler's queue group), reads the
result pointer back from Redis and prints one JSON object on standard output:

    {"job_id", "status", "result_ptr", "worker_id", "error_code", "error_message", "trace_id", "sender_id",
     "protocol_version", "output"}

Exit codes: 0 a result came (whatever its status); 1 no result within --timeout; 2 bad arguments.
"""

import argparse
import asyncio
import json
import sys
import uuid

import nats
import redis.asyncio as aioredis
from cap import client as capclient
from cap.pb.cordum.agent.v1 import buspacket_pb2, job_pb2

POINTER_SCHEME = "redis://"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nats", required=True, help="NATS URL, e.g. nats://127.0.0.1:4222")
    parser.add_argument("--redis", required=True, help="Redis URL, e.g. redis://127.0.0.1:6379")
    parser.add_argument("--topic", required=True, help="the job topic, e.g. job.hello.greet")
    parser.add_argument("--input", default="{}", help="the job's input as a JSON object")
    parser.add_argument("--job-id", default="", help="the job id (default: a random UUID)")
    parser.add_argument("--tenant", default="default", help="tenant_id of the JobRequest")
    parser.add_argument("--sender", default="py-submitter", help="sender_id of the BusPacket")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the result")
    arguments = parser.parse_args()
    try:
        arguments.input_value = json.loads(arguments.input)
    except json.JSONDecodeError as error:
        parser.error(f"--input is not JSON: {error}")
    if not isinstance(arguments.input_value, dict):
        parser.error("--input must be a JSON object")
    return arguments


async def read_pointer(rdb, pointer):
    if not pointer.startswith(POINTER_SCHEME):
        return None
    raw = await rdb.get(pointer[len(POINTER_SCHEME):])
    return json.loads(raw) if raw is not None else None


async def main():
    arguments = parse_arguments()
    job_id = arguments.job_id or str(uuid.uuid4())
    trace_id = str(uuid.uuid4())
    rdb = aioredis.from_url(arguments.redis)
    await rdb.set(f"ctx:{job_id}", json.dumps(arguments.input_value), ex=3600)

    nc = await nats.connect(servers=arguments.nats, name=arguments.sender)
    result = asyncio.get_running_loop().create_future()

    async def on_result(message):
        packet = buspacket_pb2.BusPacket()
        try:
            packet.ParseFromString(message.data)
        except Exception:  # noqa: BLE001 - not a BusPacket: not ours
            return
        if packet.WhichOneof("payload") == "job_result" and packet.job_result.job_id == job_id:
            if not result.done():
                result.set_result(packet)

    await nc.subscribe("sys.job.result", cb=on_result)
    await nc.flush()

    request = job_pb2.JobRequest(
        job_id=job_id,
        topic=arguments.topic,
        tenant_id=arguments.tenant,
        context_ptr=f"{POINTER_SCHEME}ctx:{job_id}",
    )
    await capclient.submit_job(nc, request, trace_id, arguments.sender)
    await nc.flush()

    try:
        packet = await asyncio.wait_for(result, arguments.timeout)
    except asyncio.TimeoutError:
        print(f"cap_submit.py: no JobResult for {job_id} within {arguments.timeout} s", file=sys.stderr)
        await nc.close()
        await rdb.aclose()
        return 1

    job_result = packet.job_result
    output = await read_pointer(rdb, job_result.result_ptr)
    print(
        json.dumps(
            {
                "job_id": job_result.job_id,
                "status": job_pb2.JobStatus.Name(job_result.status),
                "result_ptr": job_result.result_ptr,
                "worker_id": job_result.worker_id,
                "error_code": job_result.error_code,
                "error_message": job_result.error_message,
                "trace_id": packet.trace_id,
                "submitted_trace_id": trace_id,
                "sender_id": packet.sender_id,
                "protocol_version": packet.protocol_version,
                "output": output,
            }
        ),
        flush=True,
    )
    await nc.close()
    await rdb.aclose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
