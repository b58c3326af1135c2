# The two commands of the README. Both install what they need first.
.PHONY: run test install

install:
	bash scripts/bootstrap

run: install
	bash scripts/run

test: install
	bash scripts/test
