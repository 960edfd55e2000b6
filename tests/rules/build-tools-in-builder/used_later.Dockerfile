# expect: findings
# The runtime stage still compiles: the tools stay, and are only reported.
FROM python:3.13-alpine AS build
RUN apk add --no-cache build-base
RUN pip wheel --no-cache-dir -w /wheels -r requirements.txt

FROM python:3.13-alpine
RUN apk add --no-cache gcc musl-dev
RUN apk add --no-cache make && make -C /opt/ext
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir uwsgi
