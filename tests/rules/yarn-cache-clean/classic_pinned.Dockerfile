# expect: findings
FROM node:22
RUN npm install -g yarn@1.22.22 --force
RUN yarn install --frozen-lockfile
