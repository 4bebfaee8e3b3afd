"""English sentence frames, written for this generator (one frame a line; \\n is a line break).

Slots as in frames_zh: {n}, {m} people and {t} a phone (personal); {a}, {d}, {p} evidence.
"""

FRAMES_EN_TEXT = r"""
{n}: hi, my order on {p} never shipped and I paid {a}.
[{p}] Dear {n}, a payment of {a} left your account on {d}.
On {d} {n} sent me {a} as a deposit.
Chat log\n{n}: when do I get my money back?\n{m}: next week, promise.
I lent {a} to {n}, who promised to repay by {d}.
{n} and {m} were both charged {a} by {p} on the same day.
Only {n} knows what happened, she was there.
The agent at {p}, {n}, said it would take three days. It is now {d}.
Your parcel from {p} was delivered by {n} on {d}. Questions? Call {t}.
Form completed by: {n}\nDate: {d}\nAmount: {a}
Kind regards,\n{n}\n{d}
Reply to OP: same here, {n} lost {a} too.
{n} told me it was a system glitch and to wait.
Please ask {n} to call me back at {t} before {d}.
Yesterday {n} phoned to say the {a} refund from {p} had been issued. It has not arrived.
Transfer record: {d} to {n} {a}
Customer {n} reports that a {p} membership bought on {d} for {a} does not work.
Refund applicant: {n}. Amount: {a}. Submitted: {d}.
I was served by {n}, who asked me to pay {a} upfront.
Ticket note: {n} called, paid {a} on {p} on {d}, goods never received.
Does anyone know {n}? {n} ran off with {a} of our money.
Beneficiary: {n}, amount {a}, date {d}.
@{n} when will the {a} you mentioned be refunded?
According to screenshots provided by {n}, {a} was taken on {d}.
My mother, {n}, was also charged {a} by {p}.
Power of attorney\nPrincipal: {n}\nAgent: {m}\nMatter: recovering {a} from {p}.
Ordered by {n}, shipped to {m}, total {a}.
Thanks to {n} I noticed that {p} was charging me {a} every month.
{n} has left the group.
{n} recalled a message.
Complainant: {n}\nPhone: {t}\nRespondent: {p}\nAmount: {a}
To whoever runs {p}: this is {n}, and I want my {a} back.
{n} and {m} signed the lease on {d}, deposit {a}.
Posted by {n} on {d}: {p} will not refund.
Witness {n} can confirm I paid {a} on {d}.
{n} admitted receiving {a} but refuses to return it.
Tracking: {d} parcel collected on behalf of recipient by {n}.
My flatmate {n} had the same problem with {p}, {a} gone.
I spoke with {n} for twenty minutes on {d}; they agreed to refund {a}.
Dear Mr {n}, regarding the {a} charge on {p}, we are investigating.
Dear Ms {n}, your complaint of {d} has been received.
Finally reached {n} today, who says the {a} comes next month.
{n} placed an order for me on {p} worth {a}; nothing arrived.
Note: confirmed with {n} that {a} was charged on {d}.
On {d} I got a text from {n} claiming my {p} account was frozen and I had to pay {a}.
Contact: {n}, {t}
{n}: {p} took {a} again this month\n{m}: me too, on {d}
The rep who called herself {n} said the {a} was already back.
{n} is directly responsible for this.
I forwarded the screenshots to {n}: {a}, {d}.
Best,\n{n}
Hi {n}, your {a} refund on {p} was rejected.
cc: {n}, {m}
Signed {n}, {d}
Courtesy of {n} from the {p} help desk, my case number is still open.
""".strip("\n")
FRAMES_EN = [line.replace("\\n", "\n") for line in FRAMES_EN_TEXT.split("\n")]
