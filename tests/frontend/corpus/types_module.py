import types
def describe(x):
    t = type(x)
    if t == types.IntType:
        return 'int'
    elif t == types.LongType:
        return 'long'
    elif t == types.StringType:
        return 'string'
    elif t in (types.ListType, types.TupleType):
        return 'sequence of %d' % len(x)
    elif t == types.DictType:
        return 'dict'
    elif t == types.InstanceType:
        return 'instance of ' + x.__class__.__name__
    elif t == types.FunctionType:
        return 'function ' + x.__name__
    elif t == types.NoneType:
        return 'nothing'
    return 'other ' + `t`
class C: pass
for v in (1, 2L, 'a', [1], (1, 2), {}, C(), describe, None, 1.5, len):
    print describe(v)
print types.StringType, types.IntType, type(types) == types.ModuleType
