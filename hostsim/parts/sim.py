"""The SIM card: identity, PIN/PUK state machine, SMS storage and the phonebook.

A card outlives the module it sits in: a test can take it out of one
module and put it into another (the PFM note's SIM-swap scenario).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

READY, SIM_PIN, SIM_PUK, BLOCKED = "READY", "SIM PIN", "SIM PUK", "BLOCKED"
PIN_ATTEMPTS, PUK_ATTEMPTS = 3, 10
SMS_CAPACITY = 30
# The "SM" phonebook (3GPP TS 51.011 EF_ADN): records, digits and alpha tag length.
PHONEBOOK_CAPACITY = 100
PHONEBOOK_NUMBER_LENGTH = 20
PHONEBOOK_TEXT_LENGTH = 16
NATIONAL, INTERNATIONAL = 129, 145      # type of address


@dataclass
class StoredSms:
    index: int
    status: str            # "REC UNREAD", "REC READ", "STO UNSENT", "STO SENT"
    number: str
    timestamp: str         # "yy/MM/dd,hh:mm:ss+zz"
    text: str


@dataclass
class PhonebookEntry:
    index: int
    number: str
    type: int              # 129 national/unknown, 145 international ("+" in front)
    text: str


@dataclass
class SimCard:
    imsi: str = "222013456789012"
    msisdn: str = "+393331234567"
    iccid: str = "8939010000123456789"
    pin: str | None = "1234"        # None: PIN check disabled
    puk: str = "12345678"
    smsc: str = ""                     # +CSCA; empty: the network's service centre
    pin_attempts: int = PIN_ATTEMPTS
    puk_attempts: int = PUK_ATTEMPTS
    messages: list[StoredSms] = field(default_factory=list)
    phonebook: list[PhonebookEntry] = field(default_factory=list)
    state: str = READY                 # set by power_on()

    def power_on(self) -> None:
        """What the card asks for when the module powers up."""
        if self.puk_attempts <= 0:
            self.state = BLOCKED
        elif self.pin_attempts <= 0:
            self.state = SIM_PUK
        elif self.pin is None:
            self.state = READY
        else:
            self.state = SIM_PIN

    def enter_pin(self, pin: str) -> bool:
        """``+CPIN=<pin>`` in state SIM PIN; False (one attempt used) when wrong."""
        if self.state != SIM_PIN:
            raise ValueError("no PIN is requested")
        if pin == self.pin:
            self.pin_attempts = PIN_ATTEMPTS
            self.state = READY
            return True
        self.pin_attempts -= 1
        if self.pin_attempts <= 0:
            self.state = SIM_PUK
        return False

    def enter_puk(self, puk: str, new_pin: str) -> bool:
        """``+CPIN=<puk>,<newpin>`` in state SIM PUK."""
        if self.state != SIM_PUK:
            raise ValueError("no PUK is requested")
        if puk == self.puk:
            self.puk_attempts = PUK_ATTEMPTS
            self.pin_attempts = PIN_ATTEMPTS
            self.pin = new_pin
            self.state = READY
            return True
        self.puk_attempts -= 1
        if self.puk_attempts <= 0:
            self.state = BLOCKED
        return False

    # -- SMS storage ("SM") ------------------------------------------------

    def store_sms(self, status: str, number: str, timestamp: str, text: str) -> int | None:
        """Store a message in the first free slot; None when the storage is full."""
        used = {m.index for m in self.messages}
        for index in range(1, SMS_CAPACITY + 1):
            if index not in used:
                self.messages.append(StoredSms(index, status, number, timestamp, text))
                self.messages.sort(key=lambda m: m.index)
                return index
        return None

    def sms(self, index: int) -> StoredSms | None:
        for message in self.messages:
            if message.index == index:
                return message
        return None

    def delete_sms(self, index: int) -> bool:
        message = self.sms(index)
        if message is None:
            return False
        self.messages.remove(message)
        return True

    # -- phonebook ("SM") --------------------------------------------------

    def entry(self, index: int) -> PhonebookEntry | None:
        return next((e for e in self.phonebook if e.index == index), None)

    def write_entry(self, index: int | None, number: str, type_: int, text: str) -> int | None:
        """Store an entry at ``index`` (None: the first free one); None when full."""
        if index is None:
            used = {e.index for e in self.phonebook}
            index = next((i for i in range(1, PHONEBOOK_CAPACITY + 1) if i not in used), None)
            if index is None:
                return None
        self.delete_entry(index)
        self.phonebook.append(PhonebookEntry(index, number, type_, text))
        self.phonebook.sort(key=lambda e: e.index)
        return index

    def delete_entry(self, index: int) -> bool:
        entry = self.entry(index)
        if entry is not None:
            self.phonebook.remove(entry)
        return entry is not None

    def find_entries(self, text: str) -> list[PhonebookEntry]:
        """Entries whose text starts with ``text`` (case ignored), as +CPBF finds them."""
        return [e for e in self.phonebook if e.text.lower().startswith(text.lower())]

    # -- persistence -------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["state"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SimCard:
        fields = dict(data)
        fields["messages"] = [StoredSms(**m) for m in fields.get("messages", [])]
        fields["phonebook"] = [PhonebookEntry(**e) for e in fields.get("phonebook", [])]
        return cls(**fields)
