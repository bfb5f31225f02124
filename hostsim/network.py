"""Placeholder: the world outside the module and the module's radio (being written)."""


class World:
    pass


class Radio:
    def __init__(self, module):
        self.module = module

    def power_on(self):
        pass

    def power_off(self):
        pass

    def sim_ready(self):
        pass

    def sim_removed(self):
        pass
