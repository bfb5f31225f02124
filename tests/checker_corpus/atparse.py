# AT answer parser: splits +CREG, +CSQ and +COPS answers into records.
# Auteur: Jérôme, décembre 2004 (commentaires en français)
import string

class Answer:
	def __init__(self, name, values):
		self.name = name
		self.values = values

	def __repr__(self):
		return '<%s %s>' % (self.name, string.join(self.values, '|'))

def parse(text):
	# découpe chaque ligne
	result = []
	for line in string.split(text, '\r\n'):
		colon = string.find(line, ':')
		if colon < 1 or line[0] <> '+':
			continue
		name = line[1:colon]
		values = map(string.strip, string.split(line[colon + 1:], ','))
		result.append(Answer(name, values))
	return result

def signal(answers):
	for a in answers:
		if a.name == 'CSQ':
			return string.atoi(a.values[0])
	return 99

answers = parse('+CREG: 0,1\r\n+CSQ: 17,0\r\nOK\r\n')
print answers
print 'signal', signal(answers)
