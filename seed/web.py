# The seed article's test server, verbatim but for the last line: "Python异步编程全攻略" ("Python async
# programming, the complete guide"), kept in ../shared/seed/000_90623da5c64d9a8a.txt. Both endpoints answer
# after asyncio.sleep(1), whatever ?delay= says. The article ran it with uvicorn.run("web:app", reload=True);
# reload is a development convenience and would put a file watcher beside the server, so it is left out.
# uvicorn closes a connection idle for 5 s; aiohttp reconnects unseen, but the harness's client never
# retries (a retry would hide a failure), so a pooled connection closed between two JMH iterations would
# count as a failed request. The keep-alive is raised to 10 minutes for that; nothing else changes.
# Run: /usr/bin/python3 seed/web.py  (listens on 127.0.0.1:8000)
# web.py
import asyncio
from random import random
import uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.get("/")
async def index():
    await asyncio.sleep(1)
    return {"msg": "ok"}
@app.get("/random")
async def index():
    await asyncio.sleep(1)
    return {"msg": random()}
if __name__ == "__main__":
    uvicorn.run(app, timeout_keep_alive=600)
