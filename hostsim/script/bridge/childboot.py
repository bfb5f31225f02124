# childboot: start an enabled script in a child interpreter.
#
# Onboard dialect.  The emulator runs "python -S -u childboot.py" with this
# folder and the shims folder on PYTHONPATH; the script talks to the
# emulator through hostlink.
import hostlink  # dialect-ok: D303
import scriptenv

hostlink.connect()
try:
    scriptenv.run(hostlink, 0)
except hostlink.HostGone:
    pass
