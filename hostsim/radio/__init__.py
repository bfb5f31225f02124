"""The world outside the antenna: network registration, IP stack, SMS centre, peers."""
