class ConfigError(Exception):
    pass
def load(name):
    print 'loading', name
    raise ConfigError, 'missing key in ' + name
def main():
    load('app.cfg')
main()
