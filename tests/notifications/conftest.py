from tests.counter_notices.conftest import close_left_open  # noqa: F401  (autouse)
from tests.notifications.smtp import smtp  # noqa: F401  (the fixture)
