# Un nom avec une lettre accentuée: 1.5.2 le refuse (les commentaires, non).
compteur = 0
print "avant"
débit = 3
print débit
