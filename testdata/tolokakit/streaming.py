"""toloka-kit's streaming Pipeline, with its default cursor lag, watching the demo pool.

    TOLOKA_URL=http://127.0.0.1:7070 python3 streaming.py   # against tolokash emulator --demo

An AssignmentsObserver reads only events older than its cursor's lag (a
minute), so it sees work only in a pool that stays open longer than that, as
pools on Toloka do. It prints one JSON object: whether it saw submitted work
while the pool was still open, and how long that took.
"""
import asyncio
import datetime
import json
import os
import sys
import time

import toloka.client as toloka
from toloka.streaming import AssignmentsObserver, Pipeline


def main():
    client = toloka.TolokaClient(os.environ.get('TOLOKA_TOKEN', 'local'), url=os.environ['TOLOKA_URL'])
    pool = next(client.get_pools(status='OPEN'))
    seen = []
    open_when_seen = []

    def on_submitted(events):
        seen.extend(events)
        open_when_seen.append(client.get_pool(pool.id).status.value == 'OPEN')

    observer = AssignmentsObserver(client, pool.id)
    observer.on_submitted(on_submitted)
    pipeline = Pipeline(period=datetime.timedelta(seconds=2))
    pipeline.register(observer)
    start = time.time()

    async def watch():
        run = asyncio.ensure_future(pipeline.run())
        while not seen and time.time() - start < 150 and not run.done():
            await asyncio.sleep(1)
        run.cancel()

    asyncio.run(watch())
    json.dump({'events_seen': bool(seen), 'pool_open_when_seen': bool(open_when_seen) and open_when_seen[0],
               'seconds': round(time.time() - start)}, sys.stdout, sort_keys=True)
    print()


if __name__ == '__main__':
    main()
