# expect: none
FROM python:3.12 AS base
RUN pip install --no-cache-dir flask
RUN pip --no-cache-dir install flask
RUN PIP_NO_CACHE_DIR=1 pip install flask
RUN export PIP_NO_CACHE_DIR=off && pip install flask
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
RUN --mount=type=cache,target=/root/.cache pip install flask
RUN --mount=type=cache,target=/home/app/.cache/pip/ pip install flask
RUN --mount=type=cache,target=/pip-cache pip install --cache-dir=/pip-cache flask
RUN --mount=type=cache,target=/pip-cache PIP_CACHE_DIR=/pip-cache pip install flask
RUN pip install
RUN pip download flask && pip wheel flask && pip list && pip freeze
RUN pipx install black && pipenv install && uv pip install flask
RUN ["pip", "install", "flask"]
RUN sh -c "pip install flask"
RUN echo pip install flask
RUN pip install flask 'unclosed
ENV PIP_NO_CACHE_DIR=1
RUN pip install requests
FROM base
RUN pip install click
FROM python:3.12
ARG PIP_NO_CACHE_DIR=true
RUN pip install httpx
