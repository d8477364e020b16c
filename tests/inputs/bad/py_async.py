# expect: FILE:2:1: error: async is not supported: threads are threading.Thread
async def f():
    pass
