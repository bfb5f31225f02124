# Runs small expressions from a configuration SMS with exec and eval.
import string

namespace = {'limit': 10}

def apply_rule(rule):
    exec rule in namespace
    return namespace.get('result')

def evaluate(expression):
    return eval(expression, namespace)

print apply_rule('result = limit * 2'), evaluate('limit + 1')
exec 'print 1' 
