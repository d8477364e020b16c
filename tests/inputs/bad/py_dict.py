# expect: FILE:2:10: error: dicts and sets ({...}) are not supported
counts = {}
