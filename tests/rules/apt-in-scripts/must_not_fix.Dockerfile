# expect: none
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends apt-utils && rm -rf /var/lib/apt/lists/*
RUN apt-cache policy curl && apt-mark hold curl && apt-key list && aptitude --version
RUN ["apt", "install", "-y", "curl"]
RUN sh -c "apt install -y curl" && echo 'apt install curl'
RUN cat <<EOF > /usr/local/bin/setup
apt install -y curl
EOF
