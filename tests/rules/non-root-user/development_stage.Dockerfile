# expect: findings
# The last stage runs the tests; the image that ships is `runtime`, which only a target would
# name. Reported, not fixed.
FROM python:3.12-slim AS runtime
RUN pip install --no-cache-dir flask
CMD ["flask", "run"]

FROM runtime AS test
RUN pip install --no-cache-dir pytest
CMD ["pytest"]
