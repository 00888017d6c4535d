//! A plain PSP22 token for tests and the demo: anyone may mint to anyone (a faucet), and a test
//! may make it misbehave like a fee-on-transfer token, to prove the escrows refuse such tokens.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::test_token::TestTokenRef;

#[ink::contract]
mod test_token {
    use ink::prelude::vec::Vec;
    use psp22::{PSP22Data, PSP22Error, PSP22Event, PSP22};

    #[ink(storage)]
    pub struct TestToken {
        data: PSP22Data,
        /// Burned from the recipient of every `transfer` and `transfer_from` (0: a well-behaved
        /// token).
        transfer_fee: Balance,
    }

    impl TestToken {
        /// Mints `supply` to the caller.
        #[ink(constructor)]
        pub fn new(supply: Balance) -> Self {
            let (data, events) = PSP22Data::new(supply, Self::env().caller());
            let token = Self {
                data,
                transfer_fee: 0,
            };
            token.emit(events);
            token
        }

        /// Mints `value` to `to`. Anyone (test faucet).
        #[ink(message)]
        pub fn mint_to(&mut self, to: AccountId, value: Balance) -> Result<(), PSP22Error> {
            let events = self.data.mint(to, value)?;
            self.emit(events);
            Ok(())
        }

        /// Makes every later `transfer` and `transfer_from` burn `fee` (at most the amount) from
        /// what the recipient got, like a token that starts charging a fee on transfer. Anyone.
        #[ink(message)]
        pub fn set_transfer_fee(&mut self, fee: Balance) {
            self.transfer_fee = fee;
        }

        /// Burns the fee on a transfer of `value` from what `to` got.
        fn charge_fee(
            &mut self,
            to: AccountId,
            value: Balance,
        ) -> Result<Vec<PSP22Event>, PSP22Error> {
            match self.transfer_fee.min(value) {
                0 => Ok(Vec::new()),
                fee => self.data.burn(to, fee),
            }
        }

        fn emit(&self, events: Vec<PSP22Event>) {
            for event in events {
                match event {
                    PSP22Event::Transfer(event) => self.env().emit_event(event),
                    PSP22Event::Approval(event) => self.env().emit_event(event),
                }
            }
        }
    }

    impl PSP22 for TestToken {
        /// All tokens in existence.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.data.total_supply()
        }

        /// `owner`'s balance.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.data.balance_of(owner)
        }

        /// How much `spender` may still transfer from `owner`.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.data.allowance(owner, spender)
        }

        /// Sends `value` of the caller's tokens to `to` (`data` is ignored). Errors:
        /// `InsufficientBalance`.
        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let mut events = self.data.transfer(self.env().caller(), to, value)?;
            events.extend(self.charge_fee(to, value)?);
            self.emit(events);
            Ok(())
        }

        /// Sends `value` of `from`'s tokens to `to`, using the caller's allowance (`data` is
        /// ignored). Errors: `InsufficientAllowance`, `InsufficientBalance`.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let mut events = self
                .data
                .transfer_from(self.env().caller(), from, to, value)?;
            events.extend(self.charge_fee(to, value)?);
            self.emit(events);
            Ok(())
        }

        /// Lets `spender` transfer up to `value` of the caller's tokens (replaces the allowance).
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), PSP22Error> {
            let events = self.data.approve(self.env().caller(), spender, value)?;
            self.emit(events);
            Ok(())
        }

        /// Raises `spender`'s allowance from the caller by `delta_value`.
        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .increase_allowance(self.env().caller(), spender, delta_value)?;
            self.emit(events);
            Ok(())
        }

        /// Lowers `spender`'s allowance from the caller by `delta_value`. Errors:
        /// `InsufficientAllowance`.
        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .decrease_allowance(self.env().caller(), spender, delta_value)?;
            self.emit(events);
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        psp22::tests!(TestToken, TestToken::new);
    }
}
