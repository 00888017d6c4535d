//! The NUTS token: PSP22 with metadata, minting by its owner up to a fixed cap, and burning by
//! any holder of their own tokens. FSPs deposit NUTS at activation; managers burn it at
//! deactivation (docs/SPEC.md §3).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::nuts_token::NutsTokenRef;

#[ink::contract]
mod nuts_token {
    use ink::prelude::{string::String, vec::Vec};
    use psp22::{
        PSP22Burnable, PSP22Data, PSP22Error, PSP22Event, PSP22Metadata, PSP22Mintable, PSP22,
    };

    /// Decimals of NUTS, as on the original platform (an ERC20 with 18 decimals).
    pub const DECIMALS: u8 = 18;

    #[ink(storage)]
    pub struct NutsToken {
        data: PSP22Data,
        owner: AccountId,
        cap: Balance,
    }

    impl NutsToken {
        /// Mints `initial_supply` to the caller, who becomes the owner; total supply can never
        /// exceed `cap`. Fails when `initial_supply > cap`.
        #[ink(constructor)]
        pub fn new(cap: Balance, initial_supply: Balance) -> Result<Self, PSP22Error> {
            if initial_supply > cap {
                return Err(PSP22Error::Custom(String::from("CapExceeded")));
            }
            let (data, events) = PSP22Data::new(initial_supply, Self::env().caller());
            let token = Self {
                data,
                owner: Self::env().caller(),
                cap,
            };
            token.emit(events);
            Ok(token)
        }

        /// The account allowed to mint.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.owner
        }

        /// The most NUTS that can ever exist at once.
        #[ink(message)]
        pub fn cap(&self) -> Balance {
            self.cap
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

    impl PSP22 for NutsToken {
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
            let events = self.data.transfer(self.env().caller(), to, value)?;
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
            let events = self
                .data
                .transfer_from(self.env().caller(), from, to, value)?;
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

    impl PSP22Metadata for NutsToken {
        /// The token's name.
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            Some(String::from("NUTS Token"))
        }

        /// The token's symbol.
        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            Some(String::from("NUTS"))
        }

        /// Decimals to show amounts with.
        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            DECIMALS
        }
    }

    impl PSP22Burnable for NutsToken {
        /// Burns `value` of the caller's own NUTS.
        #[ink(message)]
        fn burn(&mut self, value: Balance) -> Result<(), PSP22Error> {
            let events = self.data.burn(self.env().caller(), value)?;
            self.emit(events);
            Ok(())
        }
    }

    impl PSP22Mintable for NutsToken {
        /// Mints `value` to the owner. Caller: the owner. Fails with `Custom("NotOwner")` for
        /// anyone else and `Custom("CapExceeded")` past the cap.
        #[ink(message)]
        fn mint(&mut self, value: Balance) -> Result<(), PSP22Error> {
            let caller = self.env().caller();
            if caller != self.owner {
                return Err(PSP22Error::Custom(String::from("NotOwner")));
            }
            let within_cap = self
                .data
                .total_supply()
                .checked_add(value)
                .is_some_and(|supply| supply <= self.cap);
            if !within_cap {
                return Err(PSP22Error::Custom(String::from("CapExceeded")));
            }
            let events = self.data.mint(caller, value)?;
            self.emit(events);
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// A token whose cap does not get in the way of the PSP22 conformance suite.
        fn uncapped(supply: Balance) -> NutsToken {
            NutsToken::new(Balance::MAX, supply).expect("supply below the cap")
        }

        psp22::tests!(NutsToken, uncapped);

        fn accounts() -> ink::env::test::DefaultAccounts<ink::env::DefaultEnvironment> {
            ink::env::test::default_accounts::<ink::env::DefaultEnvironment>()
        }

        #[ink::test]
        fn the_owner_mints_up_to_the_cap_only() {
            let mut token = NutsToken::new(1_000, 600).unwrap();
            assert_eq!(token.mint(400), Ok(()));
            assert_eq!(token.total_supply(), 1_000);
            assert_eq!(
                token.mint(1),
                Err(PSP22Error::Custom(String::from("CapExceeded")))
            );
            assert_eq!(token.total_supply(), 1_000);
        }

        #[ink::test]
        fn others_cannot_mint() {
            let mut token = NutsToken::new(1_000, 0).unwrap();
            ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts().bob);
            assert_eq!(
                token.mint(1),
                Err(PSP22Error::Custom(String::from("NotOwner")))
            );
            assert_eq!(token.total_supply(), 0);
        }

        #[ink::test]
        fn initial_supply_above_the_cap_is_refused() {
            assert!(NutsToken::new(10, 11).is_err());
        }

        #[ink::test]
        fn holders_burn_their_own_tokens() {
            let mut token = NutsToken::new(1_000, 600).unwrap();
            assert_eq!(token.burn(100), Ok(()));
            assert_eq!(token.total_supply(), 500);
            assert_eq!(token.balance_of(accounts().alice), 500);
            assert_eq!(token.burn(501), Err(PSP22Error::InsufficientBalance));
        }

        #[ink::test]
        fn metadata_names_nuts() {
            let token = NutsToken::new(1, 0).unwrap();
            assert_eq!(token.token_symbol().as_deref(), Some("NUTS"));
            assert_eq!(token.token_decimals(), DECIMALS);
        }
    }
}
