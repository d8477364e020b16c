# expect: FILE:2:5: error: floats are not supported: values are 64-bit integers (a float may only be an amount of time: time.sleep(0.5), timeout=0.5, a Timer's interval)
x = 1.5
print(x)
