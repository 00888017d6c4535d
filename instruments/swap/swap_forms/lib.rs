//! The spot-swap and multi-swap instruments' typed forms, for people who use the platform from
//! contracts-UI or Polkadot.js (docs/SPEC.md §8). Read-only messages turn a `SwapParams` or a
//! `MultiSwapParams` into the bytes `create_issuance` takes, a taker's payment into the bytes a
//! multi-swap engagement takes, and the bytes of `custom_data(issuance, "swap")` into the `Swap`
//! with what is swapped and what is left. A contract of its own for the reason `lending_forms`
//! gives: nothing calls it during an operation, so no operation's weight grows.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract, for clients and tests.
pub use self::swap_forms::SwapFormsRef;

#[ink::contract]
mod swap_forms {
    use ink::{
        prelude::{string::String, vec::Vec},
        scale::Encode,
    };
    use swap_logic::{decode_swap, MultiSwapParams, Swap, SwapParams};
    use traits::{InstrumentError, Name};

    /// No state: every message is a pure function of its arguments.
    #[ink(storage)]
    #[derive(Default)]
    pub struct SwapForms {}

    impl SwapForms {
        /// The forms (no arguments, no state).
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {}
        }

        /// The bytes of a spot-swap offer: `create_issuance`'s `params`. The maker gives
        /// `input_amount` of `input_asset` for `output_amount` of `output_asset`, in one swap
        /// (amounts in the assets' smallest units; the duration in days).
        #[ink(message)]
        pub fn spot_offer(&self, params: SwapParams) -> Vec<u8> {
            params.encode()
        }

        /// The bytes of a multi-swap offer: `create_issuance`'s `params`. Each taker pays
        /// between `min_output` and `max_output` of the output asset (below `min_output` only
        /// when that is exactly what is left).
        #[ink(message)]
        pub fn multi_offer(&self, params: MultiSwapParams) -> Vec<u8> {
            params.encode()
        }

        /// The bytes of a spot-swap engagement: `engage_issuance`'s `params` (none: empty).
        #[ink(message)]
        pub fn spot_engagement(&self) -> Vec<u8> {
            ().encode()
        }

        /// The bytes of a multi-swap engagement paying `output` of the output asset (smallest
        /// units): `engage_issuance`'s `params`.
        #[ink(message)]
        pub fn multi_engagement(&self, output: Balance) -> Vec<u8> {
            output.encode()
        }

        /// The `Name` spelled by `text` (such as `cancel`, `swap`, `remaining_output`,
        /// `issuance_due`), for the messages that take a name. Errors: `InvalidParameters` for
        /// text longer than 32 bytes or empty.
        #[ink(message)]
        pub fn name(&self, text: String) -> Result<Name, InstrumentError> {
            Name::from_text(&text).ok_or(InstrumentError::InvalidParameters)
        }

        /// The swap in the bytes `InstrumentManager::custom_data(issuance, "swap")` returned:
        /// the offer, each taker's bounds, the maker, when it expires, and what was swapped so
        /// far. Errors: `InvalidParameters` unless the bytes are exactly one swap.
        #[ink(message)]
        pub fn swap(&self, data: Vec<u8>) -> Result<Swap, InstrumentError> {
            decode_swap(&data).map_err(|_| InstrumentError::InvalidParameters)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use traits::{AccountId, Asset};

        fn spot() -> SwapParams {
            SwapParams {
                input_asset: Asset::Token(AccountId::from([1; 32])),
                input_amount: 1_000 * 10u128.pow(18),
                output_asset: Asset::Token(AccountId::from([2; 32])),
                output_amount: 700 * 10u128.pow(18),
                issuance_duration_days: 7,
            }
        }

        #[ink::test]
        fn offers_and_engagements_are_the_bytes_the_instruments_decode() {
            let forms = SwapForms::new();
            assert_eq!(forms.spot_offer(spot()), spot().encode());
            let multi = MultiSwapParams {
                swap: spot(),
                min_output: 50,
                max_output: 300,
            };
            assert_eq!(forms.multi_offer(multi), multi.encode());
            assert!(forms.spot_engagement().is_empty());
            assert_eq!(forms.multi_engagement(300), 300u128.encode());
            assert_eq!(forms.name("cancel".into()), Ok(swap_logic::CANCEL));
            assert_eq!(forms.swap(vec![0]), Err(InstrumentError::InvalidParameters));
        }
    }
}
