"""The domain: accounts, their lifecycle and the rules of the 2021 and 2022 provisions."""
