//! The spot swap instrument on interface v1 (docs/SPEC.md §8): the maker offers `input_amount` of
//! one asset for `output_amount` of another until `issuance_due`; one taker swaps it all at once
//! (the engagement is created `Complete`, the issuance `Complete` 10000); `issuance_due` returns
//! the input. The rules are `swap_logic`'s, shared with the multi-swap.
//!
//! Why v1: a spot swap's record is written at create and once more at the swap, and is small;
//! the manager's blob is the cheapest place for it (no contract instantiated per issuance).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::spot_swap_v1::SpotSwapV1Ref;

#[instrument_settings::instrument]
#[ink::contract]
mod spot_swap_v1 {
    use ink::{prelude::vec::Vec, scale::Encode};
    use instrument_settings::InstrumentSettings;
    use offer_logic::OfferTerms;
    use swap_logic::{decode_spot, decode_swap};
    use traits::{Asset, InstrumentError, InstrumentV1, IssuanceContext, Name, Outcome};

    /// An Outcome and the issuance's new blob.
    type Reply = Result<(Outcome, Vec<u8>), InstrumentError>;

    #[ink(storage)]
    pub struct SpotSwapV1 {
        settings: InstrumentSettings,
        terms: OfferTerms,
    }

    impl SpotSwapV1 {
        /// A spot swap instrument owned by the caller (the FSP), checking offers against
        /// `terms` (fixed for the instrument's life). Errors: `InvalidParameters` unless the
        /// terms are consistent.
        #[ink(constructor)]
        pub fn new(terms: OfferTerms) -> Result<Self, InstrumentError> {
            Ok(Self {
                settings: InstrumentSettings::new(Self::env().caller()),
                terms: terms.validated()?,
            })
        }

        /// The issuance-duration bounds offers are checked against. Anyone.
        #[ink(message)]
        pub fn terms(&self) -> OfferTerms {
            self.terms
        }
    }

    impl InstrumentV1 for SpotSwapV1 {
        /// Makes a swap offer from `params` (SCALE `SwapParams`): the input moves in, the
        /// offer is `Engageable` until `issuance_due`. Caller: the manager. Errors:
        /// `InvalidParameters`, `Overflow`.
        #[ink(message)]
        fn create(&self, context: IssuanceContext, params: Vec<u8>) -> Reply {
            let params = decode_spot(&params, &self.terms)?;
            let whole = (params.output_amount, params.output_amount);
            let (swap, outcome) = swap_logic::create(&context, params, whole, self.terms)?;
            Ok((outcome, swap.encode()))
        }

        /// Swaps: the taker pays the whole output to the maker and receives the whole input.
        /// `params` are ignored. Caller: the manager. Errors: `InvalidState`, `TooLate`,
        /// `NotAllowed` (the maker).
        #[ink(message)]
        fn engage(&self, context: IssuanceContext, data: Vec<u8>, _params: Vec<u8>) -> Reply {
            let mut swap = decode_swap(&data)?;
            let outcome = swap_logic::engage(&context, &mut swap, None)?;
            Ok((outcome, swap.encode()))
        }

        /// Swaps take no deposits. Errors: `Unsupported` (`InvalidState` for a bad blob).
        #[ink(message)]
        fn deposit(
            &self,
            _context: IssuanceContext,
            data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Reply {
            decode_swap(&data)?;
            Err(InstrumentError::Unsupported)
        }

        /// Swaps allow no withdrawals. Errors: `Unsupported` (`InvalidState` for a bad blob).
        #[ink(message)]
        fn withdraw(
            &self,
            _context: IssuanceContext,
            data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Reply {
            decode_swap(&data)?;
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due`: the input goes back, the issuance `Complete` (0). Caller: the
        /// manager. Errors: `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn process_scheduled_event(
            &self,
            context: IssuanceContext,
            data: Vec<u8>,
            name: Name,
            _payload: Vec<u8>,
        ) -> Reply {
            let swap = decode_swap(&data)?;
            let outcome = swap_logic::process_scheduled_event(&context, &swap, name)?;
            Ok((outcome, data))
        }

        /// `cancel` (maker, before the swap): the input goes back. Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn process_custom_event(
            &self,
            context: IssuanceContext,
            data: Vec<u8>,
            name: Name,
            _payload: Vec<u8>,
        ) -> Reply {
            let swap = decode_swap(&data)?;
            let outcome = swap_logic::process_custom_event(&context, &swap, name)?;
            Ok((outcome, data))
        }

        /// Moves `issuance_due` later by `params` (`u32` days). Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `TooLate`, `InvalidParameters`.
        #[ink(message)]
        fn renew(&self, context: IssuanceContext, data: Vec<u8>, params: Vec<u8>) -> Reply {
            let mut swap = decode_swap(&data)?;
            let outcome = swap_logic::renew(&context, &mut swap, &params)?;
            Ok((outcome, swap.encode()))
        }

        /// Datum `swap`, `issuance_due` or `remaining_output` of the swap in `data`.
        /// Errors: `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn custom_data(&self, data: Vec<u8>, name: Name) -> Result<Vec<u8>, InstrumentError> {
            swap_logic::custom_data(&decode_swap(&data)?, name)
        }
    }
}
