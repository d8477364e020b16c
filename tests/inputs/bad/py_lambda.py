# expect: FILE:2:5: error: lambda is not supported (python.md: no lambdas): define a function at module level
f = lambda: 0
