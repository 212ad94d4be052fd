import { formatFloat } from "./codec";
import { ThingModel, TYPE_BOOL } from "./thing-model";

/**
 * The members of a post's property object for the rows whose value is not NaN, in model
 * order: `"PowerSwitch_1":1,"CurrentTemperature":23.5`. `boolAsJson` writes bools as
 * true/false (OneNET's bool type); `wrapped` writes each as `{"value":v}` (OneJSON). Null if
 * no row has a value or one cannot be represented (NaN has no JSON form, a bool must be 0/1).
 */
export function encodeParams(model: ThingModel, values: number[], boolAsJson: boolean, wrapped: boolean): string | null {
  let out = "";
  for (let i = 0; i < model.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const text = model[i].type === TYPE_BOOL ? formatBool(v, boolAsJson) : formatFloat(v, model[i].decimals);
    if (text === null) return null;
    out += ',"' + model[i].id + '":' + (wrapped ? '{"value":' + text + "}" : text);
  }
  return out === "" ? null : out.slice(1);
}

function formatBool(v: number, asJson: boolean): string | null {
  if (v !== 0 && v !== 1) return null;
  if (!asJson) return String(v);
  return v === 1 ? "true" : "false";
}
