# childboot: start an enabled script in a child interpreter.
#
# Onboard dialect.  The emulator runs "python -S -u childboot.py" with this
# folder on PYTHONPATH; the script talks to the emulator through hostlink.
import sys
import hostlink  # dialect-ok: D301
import scriptenv  # dialect-ok: D301


def main():
    env = scriptenv.Environment(hostlink, 0)
    name = hostlink.call('main')
    try:
        env.run_main(name)
    except SystemExit:
        pass
    except hostlink.HostGone:
        return
    except:
        import traceback  # dialect-ok: D301
        kind, value, tb = sys.exc_info()
        lines = traceback.format_exception(kind, value, tb)
        text = ''
        for line in lines:
            text = text + line
        hostlink.call('exception', text)
        return
    hostlink.call('ended')


main()
